/** Port: package zips and build logs in object storage (AppManager's layout: components/…, apps/…). */
export abstract class PackageStore {
  abstract put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** `fresh`: from the store itself, not a copy this replica kept. */
  abstract get(key: string, options?: { fresh?: boolean }): Promise<Uint8Array | undefined>;
  /** A pre-signed GET URL valid for `seconds`. */
  abstract presignedUrl(key: string, seconds: number): Promise<string>;
}

export class PackageStoreUnavailableError extends Error {}

/** AppManager's PackageUtil layout. */
export const storageKeys = {
  component: (appId: string, type: string, name: string, version: string) => `components/${appId}/${type}/${name}/${version}.zip`,
  app: (appId: string, version: string) => `apps/${appId}/${version}.zip`,
  log: (taskId: string) => `logs/component-package-tasks/${taskId}.log`,
  /** Build contexts uploaded for an app, by content (`sha256:<hex>`). */
  context: (appId: string, digest: string) => `contexts/${appId}/${digest.replace(':', '-')}.tar.gz`,
};
