import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '@appmanager/testing';
import { anApplication, registerSimWithAmctl, startPlatformBed, writeApplication, type PlatformBed } from '../testing/platform-bed.js';
import { AMCTL, startAmctl } from '../testing/run-amctl.js';
import { TmuxSession } from '../testing/tmux.js';

/** Waits for approval, then deploys `api` with slow pods: long enough to watch node states change. */
const gated = (name: string) =>
  anApplication(name, [
    { type: 'suspend', name: 'approve', properties: { message: 'waiting for CAB ticket 42' } },
    { type: 'deploy', name: 'ship' },
  ]);

describe('amctl status -w: a live DAG on a terminal, one line per change in a pipe', () => {
  let bed: PlatformBed;
  const sessions: TmuxSession[] = [];

  before(async () => {
    bed = await startPlatformBed('amctl-watch', { podReadyDelayMs: 2500 });
    await registerSimWithAmctl(bed, await bed.kubeconfig());
  });

  after(async () => {
    for (const session of sessions) await session.kill();
    await bed?.close();
  });

  /** Launches `name` and answers its id once its workflow waits at `approve`. */
  async function launchSuspended(name: string): Promise<string> {
    const launched = await bed.amctl(['apply', '-f', await writeApplication(bed, gated(name)), '-o', 'json']);
    assert.equal(launched.code, 0, launched.stderr);
    const { id } = JSON.parse(launched.stdout) as { id: string };
    await eventually(async () => {
      const status = await bed.amctl(['status', id, '-o', 'json']);
      return (JSON.parse(status.stdout) as { state: string }).state === 'SUSPENDED' ? true : undefined;
    }, 30_000);
    return id;
  }

  it('redraws one tree in place on a terminal while the node states change, and exits 0 on SUCCESS', async () => {
    const id = await launchSuspended('watched');
    const session = await TmuxSession.start(bed.dir, [process.execPath, AMCTL, 'status', id, '-w'], {
      ...bed.env,
      XDG_CONFIG_HOME: bed.dir,
    });
    sessions.push(session);
    const header = new RegExp(`^watched  deployment ${id}  `, 'gm');
    const first = await eventually(async () => {
      const pane = await session.capture();
      return /approve  WAITING_SUSPEND  waiting for CAB ticket 42/.test(pane) ? pane : undefined;
    }, 20_000);
    assert.match(first, new RegExp(`^watched  deployment ${id}  SUSPENDED`, 'm'));
    assert.match(first, /^├─ workflow\n│  ├─ approve  WAITING_SUSPEND  waiting for CAB ticket 42\n│  └─ ship  PENDING$/m);

    assert.equal((await bed.amctl(['resume', id])).code, 0);
    const panes: string[] = [];
    const last = await eventually(async () => {
      const pane = await session.capture();
      panes.push(pane);
      return pane.includes('EXIT=') ? pane : undefined;
    }, 60_000);
    assert.match(last, /^EXIT=0$/m, last);
    assert.match(last, /^watched  deployment \S+  SUCCESS$/m);
    assert.match(last, /approve  SUCCESS/);
    assert.match(last, /ship  SUCCESS/);
    assert.match(last, /\*\S+api  SUCCESS/);
    const middle = panes.filter((p) => /ship  RUNNING|api\S*  (RUNNING|PROCESSING|CREATED)/.test(p));
    assert.ok(middle.length > 0, 'a pane showed the deploy step or its node while running');
    for (const pane of [first, ...panes]) {
      assert.equal(pane.match(header)?.length, 1, `one tree, redrawn in place, not appended copies:\n${pane}`);
      assert.equal(pane.match(/├─ workflow/g)?.length, 1);
    }
  });

  it('prints one line per change when piped, and exits with the outcome: 0 on SUCCESS, 4 when terminated', async () => {
    const id = await launchSuspended('piped');
    const watcher = startAmctl(['status', id, '-w'], { env: bed.env, cwd: bed.dir });
    const suspended = 'deployment SUSPENDED (waiting for CAB ticket 42)';
    await eventually(async () => (watcher.lines().includes(suspended) ? true : undefined), 20_000);
    assert.ok(watcher.lines().includes('step approve WAITING_SUSPEND (waiting for CAB ticket 42)'), watcher.lines().join('\n'));
    assert.equal((await bed.amctl(['resume', id])).code, 0);
    const done = await watcher.exited;
    assert.equal(done.code, 0, done.stderr);
    const lines = done.stdout.trimEnd().split('\n');
    assert.equal(lines.at(-1), 'deployment SUCCESS');
    assert.ok(lines.includes('step approve SUCCESS'));
    assert.ok(lines.includes('node microservice|api [ship] SUCCESS'), lines.join('\n'));
    assert.ok(!done.stdout.includes('\u001b'), 'no escape sequences in a pipe');
    const changes = lines.filter((l) => l.startsWith('deployment '));
    assert.deepEqual(changes, [...new Set(changes)], 'a state is printed when it changes, not on every poll');

    const stopped = await launchSuspended('stopped');
    const second = startAmctl(['status', stopped, '-w'], { env: bed.env, cwd: bed.dir });
    await eventually(async () => (second.lines().includes(suspended) ? true : undefined), 20_000);
    assert.equal((await bed.amctl(['terminate', stopped, '--reason', 'release cancelled'])).code, 0);
    const terminated = await second.exited;
    assert.equal(terminated.code, 4, terminated.stderr);
    assert.equal(terminated.stdout.trimEnd().split('\n').at(-1), 'deployment TERMINATED (release cancelled)');
  });
});
