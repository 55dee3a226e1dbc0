import { createHash } from 'node:crypto';
import { type JsonObject } from '../domain/json-value.js';

/**
 * Plays Kaniko: a container whose image names `kaniko` and whose args carry `--destination`
 * "pushes" and writes a digest to its termination message, as `--digest-file=/dev/termination-log`
 * makes the real executor do. The digest is sha256 of the destinations and the context arg joined
 * by newlines, so a test can predict it.
 */
export function kanikoTermination(container: JsonObject): { message: string } | undefined {
  if (!String(container.image ?? '').includes('kaniko')) return undefined;
  const args = (Array.isArray(container.args) ? container.args : []).map(String);
  const destinations = args.filter((a) => a.startsWith('--destination='));
  if (destinations.length === 0) return undefined;
  const context = args.filter((a) => a.startsWith('--context='));
  const joined = [...destinations, ...context].map((a) => a.slice(a.indexOf('=') + 1)).join('\n');
  return { message: `sha256:${createHash('sha256').update(joined).digest('hex')}` };
}
