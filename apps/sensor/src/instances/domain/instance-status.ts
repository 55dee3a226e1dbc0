import { appInstanceStatus, componentInstanceStatus } from '@appmanager/contracts';
/**
 * Component- and app-instance statuses and AppManager's aggregation rule
 * (RtAppInstanceServiceImpl.syncTriggerStatusUpdate; reference, section 6), kept exactly,
 * quirks included: the first non-running status wins, so [ERROR, UPDATING] is ERROR and
 * [UPDATING, ERROR] is UPDATING, and statuses the rule does not name leave the result alone.
 */
/** AppManager's component-instance statuses and ours (DRIFTED), as the change events carry them. */
export const componentInstanceStatuses = componentInstanceStatus.options;
export type ComponentInstanceStatus = (typeof componentInstanceStatuses)[number];

export const appInstanceStatuses = appInstanceStatus.options;
export type AppInstanceStatus = (typeof appInstanceStatuses)[number];

/** An app instance with no components is DELETED once it is older than this. */
export const EMPTY_APP_INSTANCE_GRACE_MS = 30 * 60 * 1000;

export function isComponentInstanceStatus(value: string): value is ComponentInstanceStatus {
  return (componentInstanceStatuses as readonly string[]).includes(value);
}

export interface AppInstanceFacts {
  /** The statuses of its component instances as stored: a string the rule may not parse. */
  componentStatuses: readonly string[];
  createdAt: Date;
  now: Date;
}

export function aggregateAppInstanceStatus({ componentStatuses, createdAt, now }: AppInstanceFacts): AppInstanceStatus {
  if (componentStatuses.length === 0) {
    return now.getTime() - createdAt.getTime() > EMPTY_APP_INSTANCE_GRACE_MS ? 'DELETED' : 'PENDING';
  }
  if (componentStatuses.every((status) => status === 'EXPIRED')) return 'EXPIRED';
  let status: AppInstanceStatus = 'PENDING';
  for (const component of componentStatuses) {
    if (!isComponentInstanceStatus(component)) return 'UNKNOWN';
    switch (component) {
      case 'FAILED':
        return 'FAILED';
      case 'NOT_IMPLEMENTED':
        return 'NOT_IMPLEMENTED';
      case 'RUNNING':
      case 'COMPLETED':
        if (status === 'PENDING') status = 'RUNNING';
        break;
      case 'UPDATING':
      case 'PREPARING_UPDATE':
      case 'PREPARING_DELETE':
        if (status === 'PENDING' || status === 'RUNNING') status = 'UPDATING';
        break;
      case 'WARNING':
      case 'ERROR':
        if (status === 'PENDING' || status === 'RUNNING') status = component;
        break;
      case 'DRIFTED':
        if (status === 'PENDING' || status === 'RUNNING') status = 'WARNING';
        break;
      default:
        // PENDING, DELETING, DELETED, UNKNOWN, a lone EXPIRED: the rule leaves the status as it is
        break;
    }
  }
  return status;
}
