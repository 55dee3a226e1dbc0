/** What the console pushes to a browser: which kind of state changed, and the event's data. */
export type LiveEventKind = 'deployment' | 'node' | 'app-instance';

export interface LiveEvent {
  kind: LiveEventKind;
  data: Record<string, unknown>;
}
