import {
  applyAddonInstanceCommand,
  componentAppliedEvent,
  componentRemovedEvent,
  deploymentNodeStateChangedEvent,
} from '@appmanager/contracts';
import { type Outbox, type OutboxInsert } from '@appmanager/messaging';
import { type NodeState } from '../../dag/domain/node-state.machine.js';
import { type HistoryEntry, type NodeAnnouncement, type NodeRecord } from '../application/run.records.js';

export interface NodeWrite {
  deploymentId: string;
  appId: string;
  node: NodeRecord;
  history: HistoryEntry[];
  announcements: NodeAnnouncement[];
}

/**
 * One SQL statement writing a node: its row (upsert), its history, and as outbox rows with the relay's wake-up
 * its `deploy.evt.node.state-changed.v1` per transition and its inventory (`deploy.evt.component.applied|removed.v1`).
 * One statement is atomic alone: no BEGIN / COMMIT round trips on the hot path.
 */
export function nodeWriteStatement(
  outbox: Outbox,
  target: { table: string; channel: string },
  write: NodeWrite,
): { sql: string; parameters: unknown[] } {
  const { deploymentId, node, history } = write;
  const sql = `WITH node AS (
       INSERT INTO deploy.deployment_node (deployment_id, step, node_id, state, version, applied_version, reason, outputs, workload, started_at, finished_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11)
       ON CONFLICT (deployment_id, step, node_id) DO UPDATE SET state = EXCLUDED.state, version = EXCLUDED.version,
         applied_version = EXCLUDED.applied_version, reason = EXCLUDED.reason, outputs = EXCLUDED.outputs,
         workload = EXCLUDED.workload, started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at
     ), history AS (
       INSERT INTO deploy.deployment_history (deployment_id, subject, from_state, to_state, reason, at)
       SELECT $1, h.subject, h.from_state, h.to_state, h.reason, h.at
       FROM jsonb_to_recordset($12::jsonb) AS h(subject text, from_state text, to_state text, reason text, at timestamptz)
     ), added AS (
       INSERT INTO ${target.table} (event_id, subject, envelope)
       SELECT e.event_id, e.subject, e.envelope FROM jsonb_to_recordset($13::jsonb) AS e(event_id text, subject text, envelope jsonb)
       RETURNING event_id
     )
     SELECT pg_notify($14, event_id) FROM added`;
  const historyRows = history.map((h) => ({
    subject: h.subject,
    from_state: h.from,
    to_state: h.to,
    reason: h.reason ?? null,
    at: h.at.toISOString(),
  }));
  const parameters = [
    deploymentId,
    node.step,
    node.nodeId,
    node.state,
    node.version,
    node.appliedVersion,
    node.reason,
    JSON.stringify(node.outputs ?? {}),
    node.workload === null ? null : JSON.stringify(node.workload),
    node.startedAt,
    node.finishedAt,
    JSON.stringify(historyRows),
    JSON.stringify([...transitionEvents(outbox, write), ...inventoryEvents(outbox, write)]),
    target.channel,
  ];
  return { sql, parameters };
}

function transitionEvents(outbox: Outbox, { deploymentId, appId, node, history }: NodeWrite): OutboxInsert[] {
  return history.map((entry) =>
    outbox.prepare(deploymentNodeStateChangedEvent, {
      deploymentId,
      appId,
      nodeId: node.nodeId,
      step: node.step,
      from: entry.from as NodeState,
      to: entry.to as NodeState,
      ...(entry.reason ? { reason: entry.reason } : {}),
      at: entry.at.toISOString(),
    }),
  );
}

function inventoryEvents(outbox: Outbox, { deploymentId, appId, node, announcements }: NodeWrite): OutboxInsert[] {
  const at = new Date().toISOString();
  return announcements.map((a) =>
    a.kind === 'addon-request'
      ? outbox.prepare(applyAddonInstanceCommand, a.command)
      : a.kind === 'applied'
        ? outbox.prepare(componentAppliedEvent, {
            deploymentId,
            appId,
            step: node.step,
            component: a.component,
            node: node.nodeId,
            componentType: a.componentType,
            ...a.placement,
            version: a.version,
            objects: a.objects,
            ...(a.status ? { status: a.status } : {}),
            ...(a.traits ? { traits: a.traits } : {}),
            appliedAt: at,
          })
        : outbox.prepare(componentRemovedEvent, {
            undeployId: deploymentId,
            appId,
            component: a.component,
            node: node.nodeId,
            ...a.placement,
            objects: a.objects,
            removedAt: at,
          }),
  );
}
