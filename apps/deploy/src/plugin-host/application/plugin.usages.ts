/** A plug-in version, as the registry names it. */
export interface PluginVersionRef {
  name: string;
  version: string;
}

/**
 * Port: tells the plug-in registry which versions a deployment uses, so a version is not deleted from
 * under a deployment that may still call it (resume, retry, status). Recorded before the first call a
 * deployment makes into a version; released when the deployment is final (SUCCESS or TERMINATED).
 */
export abstract class PluginUsages {
  /** Idempotent. Throws, naming the plug-in, when the registry refuses or cannot be reached. */
  abstract record(deploymentId: string, plugin: PluginVersionRef): Promise<void>;
  /**
   * Releases every version recorded for the deployment, by whichever replica recorded it (the records are
   * persisted). A version the registry does not release stays recorded for a later attempt; throws naming it.
   */
  abstract release(deploymentId: string): Promise<void>;
  /** Releases what deployments already final still hold: a release that failed, or a replica stopped before it released. */
  abstract releaseFinished(): Promise<void>;
}
