import { converged, type FleetProbe, movedBetween, type Ownership, sleep } from './fleet-probe.js';

export interface FleetControl {
  probe: FleetProbe;
  clusters: number;
  live(): string[];
  start(pollerId: string): Promise<void>;
  stop(pollerId: string, signal: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

export interface MoveResult {
  /** Clusters whose owner changed. */
  moved: number;
  /** The fewest that must move: the joiner's fair share, or what the leaver owned. */
  minimal: number;
  /** N ÷ n: the ideal share on a join (n after) or a leave (n before). */
  ideal: number;
  /** From the membership change until the pollers agree again. */
  convergedMs: number;
  /** From the membership change until every moved cluster was polled by its new owner. */
  repolledMs: number | undefined;
}

/** Waits until every cluster in `ids` was polled at or after `since`; answers the last of those polls − since. */
export async function repolled(probe: FleetProbe, ids: readonly string[], since: number, timeoutMs: number): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ownership = await probe.ownership();
    let latest = 0;
    let waiting = 0;
    for (const id of ids) {
      const polled = ownership.lastPollAt.get(id) ?? null;
      if (polled === null || polled < since) waiting++;
      else latest = Math.max(latest, polled);
    }
    if (waiting === 0) return latest - since;
    if (Date.now() > deadline) return undefined;
    await sleep(500);
  }
}

function movedIds(before: Ownership, after: Ownership): string[] {
  const ids: string[] = [];
  for (const [id, owners] of after.owners) if (before.owners.get(id)?.[0] !== owners[0]) ids.push(id);
  return ids;
}

export async function joinPhase(fleet: FleetControl, pollerId: string): Promise<MoveResult> {
  const before = await fleet.probe.ownership();
  const at = Date.now();
  await fleet.start(pollerId);
  const n = fleet.live().length;
  await converged(fleet.probe, fleet.clusters, n, 120_000);
  const convergedMs = Date.now() - at;
  const after = await fleet.probe.ownership();
  const repolledMs = await repolled(fleet.probe, movedIds(before, after), at, 60_000);
  return {
    moved: movedBetween(before, after),
    minimal: after.perPoller.get(pollerId) ?? 0,
    ideal: fleet.clusters / n,
    convergedMs,
    repolledMs,
  };
}

/** A graceful leave (SIGTERM) or a crash (SIGKILL): the leaver's clusters move to the others. */
export async function leavePhase(fleet: FleetControl, pollerId: string, signal: 'SIGTERM' | 'SIGKILL'): Promise<MoveResult> {
  const n = fleet.live().length;
  const before = await fleet.probe.ownership();
  const orphans = [...before.owners].filter(([, owners]) => owners.includes(pollerId)).map(([id]) => id);
  const at = Date.now();
  await fleet.stop(pollerId, signal);
  await converged(fleet.probe, fleet.clusters, n - 1, 120_000);
  const convergedMs = Date.now() - at;
  const after = await fleet.probe.ownership();
  const repolledMs = await repolled(fleet.probe, orphans, at, 120_000);
  return { moved: movedBetween(before, after), minimal: orphans.length, ideal: fleet.clusters / n, convergedMs, repolledMs };
}
