import { bundleLoader } from '@appmanager/plugin-sdk';

export const { bundleSource, loadBundle } = bundleLoader(new URL('../definitions/', import.meta.url));
