/** Port: object storage for package archives (S3 / MinIO). */
export abstract class ArchiveStore {
  abstract put(key: string, archive: Buffer): Promise<void>;
  /** undefined when there is no such object. */
  abstract get(key: string): Promise<Buffer | undefined>;
  abstract delete(key: string): Promise<void>;
}
