import { createRoot } from 'react-dom/client';
import { App } from './app';
import { completeLogin } from './lib/auth';
import './styles.css';

const root = createRoot(document.getElementById('root') as HTMLElement);

async function start(): Promise<void> {
  if (location.pathname === '/callback') await completeLogin();
  root.render(<App />);
}

start().catch((error: Error) => root.render(<p role="alert">{error.message}</p>));
