import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Runs `send(i)` for i < total with at most `window` unsettled at once. */
export async function windowed(total: number, window: number, send: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < total) await send(next++);
  };
  await Promise.all(Array.from({ length: Math.min(window, total) }, lane));
}

export function machine(): string {
  const cpu = cpus();
  let server = 'nats-server (version unknown)';
  try {
    server = execFileSync(process.env['NATS_SERVER_BIN'] ?? 'nats-server', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    // the figures still stand; only the label is missing
  }
  return `${cpu[0]?.model ?? 'unknown cpu'}, ${cpu.length} cores, node ${process.version}, ${server}`;
}
