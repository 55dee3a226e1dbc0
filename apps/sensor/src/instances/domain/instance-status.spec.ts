import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregateAppInstanceStatus, type AppInstanceStatus } from './instance-status.js';

const createdAt = new Date('2026-11-28T10:00:00Z');
const minutesLater = (minutes: number) => new Date(createdAt.getTime() + minutes * 60_000);
const aggregate = (componentStatuses: string[], now = minutesLater(1)) => aggregateAppInstanceStatus({ componentStatuses, createdAt, now });

describe('app-instance aggregation (AppManager section 6)', () => {
  const table: [string[], AppInstanceStatus, string][] = [
    [['PENDING'], 'PENDING', 'starts at PENDING and a PENDING component leaves it there'],
    [['RUNNING'], 'RUNNING', 'a running component makes a pending app RUNNING'],
    [['COMPLETED', 'RUNNING'], 'RUNNING', 'COMPLETED counts as running'],
    [['RUNNING', 'PENDING'], 'RUNNING', 'a later PENDING does not undo RUNNING'],
    [['RUNNING', 'UPDATING'], 'UPDATING', 'UPDATING overrides RUNNING'],
    [['PREPARING_UPDATE'], 'UPDATING', 'PREPARING_UPDATE is UPDATING'],
    [['RUNNING', 'PREPARING_DELETE'], 'UPDATING', 'PREPARING_DELETE is UPDATING'],
    [['RUNNING', 'WARNING'], 'WARNING', 'WARNING overrides RUNNING'],
    [['RUNNING', 'ERROR'], 'ERROR', 'ERROR overrides RUNNING'],
    [['ERROR', 'RUNNING'], 'ERROR', 'RUNNING does not undo ERROR'],
    [['ERROR', 'UPDATING'], 'ERROR', 'the first non-running status wins: ERROR before UPDATING'],
    [['UPDATING', 'ERROR'], 'UPDATING', 'the first non-running status wins: UPDATING before ERROR'],
    [['WARNING', 'ERROR'], 'WARNING', 'WARNING before ERROR stays WARNING'],
    [['ERROR', 'FAILED'], 'FAILED', 'FAILED wins whatever came before'],
    [['FAILED', 'bogus'], 'FAILED', 'FAILED aborts before a later unparsable status is read'],
    [['RUNNING', 'NOT_IMPLEMENTED', 'FAILED'], 'NOT_IMPLEMENTED', 'NOT_IMPLEMENTED aborts the walk'],
    [['RUNNING', 'running'], 'UNKNOWN', 'an unparsable status is UNKNOWN and aborts'],
    [['bogus', 'FAILED'], 'UNKNOWN', 'an unparsable status aborts before a later FAILED'],
    [['EXPIRED', 'EXPIRED'], 'EXPIRED', 'all components EXPIRED is EXPIRED'],
    [['EXPIRED', 'RUNNING'], 'RUNNING', 'some EXPIRED is not EXPIRED'],
    [['UNKNOWN', 'DELETING', 'DELETED'], 'PENDING', 'statuses the rule does not name leave it PENDING'],
  ];
  for (const [components, expected, story] of table) {
    it(`${story}: [${components.join(', ')}] → ${expected}`, () => {
      assert.equal(aggregate(components), expected);
    });
  }

  it('an app instance without components is PENDING for 30 minutes, then DELETED', () => {
    assert.equal(aggregate([], minutesLater(30)), 'PENDING');
    assert.equal(aggregate([], minutesLater(31)), 'DELETED');
  });
});
