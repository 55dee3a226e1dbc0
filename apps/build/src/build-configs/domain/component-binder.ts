/** What AppManager's ComponentBinder carries for one component: how to build it and how it deploys. */
export interface ComponentBinder {
  componentType: string;
  componentName: string;
  /** `_` (auto) or an explicit version. */
  version?: string;
  /** The git branch the build options default to (AppManager's binder `branch`). */
  branch?: string;
  /** Per type: for K8S_MICROSERVICE / K8S_JOB `{kind, containers[], initContainers[], env[]}` with build options. */
  options: Record<string, unknown>;
  /** The binder's parameterValues, traits and dependencies, kept in the package as AppManager does (packageOptions). */
  parameterValues?: unknown[];
  traits?: unknown[];
  dependencies?: unknown[];
}
