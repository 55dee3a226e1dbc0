/** An open database transaction, opaque to the use cases (the TypeORM EntityManager underneath). */
export interface Transaction {
  readonly __transaction: unique symbol;
}

export interface ImageRef {
  name: string;
  image: string;
  sha256?: string;
}

export interface ComponentPackage {
  id: string;
  appId: string;
  componentType: string;
  componentName: string;
  version: string;
  md5: string;
  /** What it was built from (options, resolved commits): an identical build is SKIPped and reuses this package. */
  inputHash: string | null;
  storageKey: string;
  images: ImageRef[];
  createdAt: Date;
}

export interface AppPackage {
  id: string;
  appId: string;
  version: string;
  md5: string;
  storageKey: string;
  source: 'build' | 'import';
  taskId: string | null;
  tags: string[];
  components: { componentPackage: ComponentPackage; relativePath: string }[];
  createdAt: Date;
}

export type NewAppPackage = Omit<AppPackage, 'createdAt' | 'components'> & {
  components: { componentPackageId: string; relativePath: string }[];
};

/** Port: component and app packages, their relations and tags. An app package row appears only with all its parts. */
export abstract class PackageRepository {
  abstract inTransaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  abstract componentPackage(appId: string, type: string, name: string, version: string): Promise<ComponentPackage | null>;
  abstract componentPackageById(id: string): Promise<ComponentPackage | null>;
  abstract componentPackageByInput(appId: string, type: string, name: string, inputHash: string): Promise<ComponentPackage | null>;
  /** Versions of a component's packages (for the next auto version). */
  abstract componentVersions(appId: string, type: string, name: string): Promise<string[]>;
  abstract listComponentPackages(
    appId: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: ComponentPackage[]; total: number }>;
  /** Inserts, or returns the existing row of that version when it has the same md5; null when it differs. */
  abstract insertComponentPackage(tx: Transaction, pkg: Omit<ComponentPackage, 'createdAt'>): Promise<ComponentPackage | null>;
  abstract insertAppPackage(tx: Transaction, pkg: NewAppPackage): Promise<void>;
  /** Replaces an imported version's md5, key, components and tags (an import with force). */
  abstract replaceAppPackage(tx: Transaction, pkg: NewAppPackage): Promise<void>;
  abstract appPackage(id: string): Promise<AppPackage | null>;
  abstract appPackageByVersion(appId: string, version: string): Promise<AppPackage | null>;
  abstract newestAppPackage(appId: string): Promise<AppPackage | null>;
  abstract appVersions(appId: string): Promise<string[]>;
  abstract listAppPackages(
    appId: string,
    filter: { tag?: string },
    page: { limit: number; offset: number },
  ): Promise<{ items: AppPackage[]; total: number }>;
  abstract addTag(id: string, tag: string): Promise<void>;
  abstract removeTag(id: string, tag: string): Promise<void>;
}
