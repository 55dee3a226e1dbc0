export const addonInstanceStates = ['APPLYING', 'READY', 'RELEASING', 'FAILURE'] as const;
export type AddonInstanceState = (typeof addonInstanceStates)[number];

/** One applied add-on (a database, a bucket, ...) in a namespace and stage; shared by name. */
export interface AddonInstance {
  id: string;
  addonType: string;
  addonName: string;
  namespace: string;
  stage: string;
  state: AddonInstanceState;
  createdAt: Date;
  updatedAt: Date;
}
