import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { UsageError, type CliIo } from './cli-io.js';

/** A YAML (or JSON) file given with -f; `-` is standard input. Not parseable or not an object: bad input (exit 2). */
export async function readObjectFile(io: CliIo, file: string): Promise<Record<string, unknown>> {
  let text: string;
  if (file === '-') {
    if (!io.readStdin) throw new UsageError('-f -: no standard input here');
    text = await io.readStdin();
  } else {
    text = await readFile(resolve(io.cwd, file), 'utf8');
  }
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not YAML: ${(error as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`${file} must hold one YAML object`);
  return value as Record<string, unknown>;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `10m`, `90s`, `1h`, `500ms` in milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim());
  if (!match) throw new UsageError(`--timeout: expected a duration like 90s, 10m or 1h, not "${text}"`);
  return Number(match[1]) * UNITS[match[2]!]!;
}
