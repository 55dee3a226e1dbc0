import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { bashCompletion, completionTable } from './completion.command.js';

describe('completionTable', () => {
  it('lists, for each command path, its subcommands and flags', () => {
    const program = new Command('amctl').option('--deploy <url>');
    program.command('env').command('cluster').command('list').option('-o, --output <format>');
    program.command('status').option('-w, --watch');
    const table = completionTable(program);
    assert.deepEqual(table.get(''), ['env', 'status', '--deploy', '--help']);
    assert.deepEqual(table.get('env cluster'), ['list', '--help']);
    assert.deepEqual(table.get('env cluster list'), ['--output', '-o', '--help']);
    assert.deepEqual(table.get('status'), ['--watch', '-w', '--help']);
    assert.match(bashCompletion(program), /^complete -o default -F _amctl amctl$/m);
  });
});
