import type { ComponentBinder } from '../domain/component-binder.js';

export interface BuildConfig {
  appId: string;
  binder: ComponentBinder;
  updatedAt: Date;
}

/** Port: per component, how it is built (AppManager's ComponentBinder). */
export abstract class BuildConfigRepository {
  abstract put(appId: string, binder: ComponentBinder): Promise<BuildConfig>;
  abstract list(appId: string): Promise<BuildConfig[]>;
  abstract get(appId: string, type: string, name: string): Promise<BuildConfig | null>;
  abstract delete(appId: string, type: string, name: string): Promise<boolean>;
}
