/** One version of a plug-in package; its archive lives in object storage under `archiveKey`. */
export interface PluginPackage {
  id: string;
  name: string;
  version: string;
  enabled: boolean;
  sha256: string;
  archiveKey: string;
  createdAt: Date;
}
