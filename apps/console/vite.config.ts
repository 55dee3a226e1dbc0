import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The browser half of the console: src/web → dist/web, served by the console's server (src/server).
export const config = defineConfig({
  root: 'src/web',
  base: '/',
  plugins: [react()],
  build: { outDir: '../../dist/web', emptyOutDir: true, sourcemap: true },
});

// eslint-disable-next-line no-restricted-syntax -- Vite reads its config from the default export
export default config;
