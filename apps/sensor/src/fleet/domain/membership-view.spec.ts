import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MembershipView } from './membership-view.js';

describe(MembershipView.name, () => {
  it('counts a poller live until the TTL has passed since its last heartbeat', () => {
    const view = new MembershipView(3000);
    view.heard('b', 0);
    view.heard('a', 1000);
    assert.deepEqual(view.live(3000), ['a', 'b']);
    assert.deepEqual(view.live(3001), ['a']);
    view.heard('b', 3500);
    assert.deepEqual(view.live(4000), ['a', 'b'], 'a late heartbeat brings it back');
    assert.deepEqual(view.live(6501), []);
  });

  it('ignores a heartbeat older than one already heard', () => {
    const view = new MembershipView(3000);
    view.heard('a', 5000);
    view.heard('a', 1000);
    assert.deepEqual(view.live(7000), ['a']);
  });

  it('drops a poller that left at once, and welcomes it back when it is heard again', () => {
    const view = new MembershipView(3000);
    view.heard('a', 0);
    view.heard('b', 0);
    view.left('a');
    assert.deepEqual(view.live(1), ['b']);
    view.heard('a', 2);
    assert.deepEqual(view.live(3), ['a', 'b']);
  });
});
