import type { ServiceClient } from '../../auth/service.client.js';
import type { CliIo } from '../../cli/cli-io.js';
import { ExitCode } from '../../cli/exit-codes.js';

/**
 * Streams a component package task's log (GET /v1/component-package-tasks/{id}/logs?follow=1, server-sent events):
 * a line per `data:` event on stdout, until `event: end`, whose state decides the exit code (FAILURE: 4).
 */
export async function streamBuildLog(io: CliIo, build: ServiceClient, taskId: string): Promise<number> {
  const response = await build.fetch(`/v1/component-package-tasks/${encodeURIComponent(taskId)}/logs?follow=1`, {
    headers: { accept: 'text/event-stream' },
  });
  if (!response.body) return ExitCode.ok;
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of response.body) {
    buffered += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const event = parseEvent(buffered.slice(0, end));
      buffered = buffered.slice(end + 2);
      if (event.type !== 'end') {
        io.out(event.data);
        continue;
      }
      const { state, reason } = JSON.parse(event.data) as { state: string; reason?: string | null };
      io.err(`build task ${taskId} ${state}${reason ? `: ${reason}` : ''}`);
      return state === 'FAILURE' ? ExitCode.deploymentFailed : ExitCode.ok;
    }
  }
  io.err(`the log of ${taskId} ended without its final state`);
  return ExitCode.error;
}

function parseEvent(block: string): { type: string; data: string } {
  let type = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) type = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  return { type, data: data.join('\n') };
}
