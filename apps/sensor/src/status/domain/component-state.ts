import type { ComponentInstanceStatus } from '../../instances/domain/instance-status.js';
import type { DriftedObject } from '../../instances/domain/component-instance.js';

/** What a Component plug-in's `status` answers (the same call deploy waits on). */
export interface PluginStatus {
  state: string;
  message?: string;
}

/** A plug-in's state in AppManager's component-instance vocabulary. */
const FROM_PLUGIN: Record<string, ComponentInstanceStatus> = {
  RUNNING: 'RUNNING',
  SUCCESS: 'RUNNING',
  COMPLETED: 'COMPLETED',
  PENDING: 'PENDING',
  PROCESSING: 'UPDATING',
  UPDATING: 'UPDATING',
  WARNING: 'WARNING',
  ERROR: 'ERROR',
  FAILURE: 'FAILED',
  FAILED: 'FAILED',
  UNKNOWN: 'UNKNOWN',
};

export interface ObservedState {
  status: ComponentInstanceStatus;
  message: string | undefined;
  drifted: DriftedObject[];
}

/**
 * The status a component instance is observed in: DRIFTED when an applied object is gone or no longer as
 * applied (drift is the operator's to resolve, whatever the workload's health), otherwise its plug-in's answer.
 * A plug-in that cannot answer leaves UNKNOWN with its reason; a state no table names is NOT_IMPLEMENTED.
 */
export function observedState(plugin: PluginStatus | { error: string }, drifted: DriftedObject[]): ObservedState {
  if (drifted.length > 0) {
    const what = drifted.map((d) => `${d.kind}/${d.name}: ${d.fields.join(', ')}`).join('; ');
    return { status: 'DRIFTED', message: `not as deploy applied it: ${what}`, drifted };
  }
  if ('error' in plugin) return { status: 'UNKNOWN', message: plugin.error, drifted };
  const status = FROM_PLUGIN[plugin.state] ?? 'NOT_IMPLEMENTED';
  const message = status === 'NOT_IMPLEMENTED' ? `the plug-in answered an unknown state "${plugin.state}"` : plugin.message;
  return { status, message, drifted };
}

/** Whether an observation says something new: a status or a message that differs. */
export function isChange(previous: { status: string; statusMessage: string | undefined }, next: ObservedState): boolean {
  return previous.status !== next.status || (previous.statusMessage ?? undefined) !== next.message;
}
