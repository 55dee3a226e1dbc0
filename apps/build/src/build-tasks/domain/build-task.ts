export const buildTaskKinds = ['component', 'app'] as const;
export type BuildTaskKind = (typeof buildTaskKinds)[number];
export const buildTaskStates = ['CREATED', 'RUNNING', 'SUCCESS', 'FAILURE'] as const;
export type BuildTaskState = (typeof buildTaskStates)[number];

/** A build of a component package or an app package; the build back-ends fill it in later issues. */
export interface BuildTask {
  id: string;
  kind: BuildTaskKind;
  appId: string;
  componentName: string | null;
  version: string | null;
  state: BuildTaskState;
  createdAt: Date;
  updatedAt: Date;
}
