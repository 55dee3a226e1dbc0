import { cpus, loadavg, totalmem } from 'node:os';

export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const fmt = (value: number | undefined | null, digits = 1): string =>
  value === undefined || value === null || Number.isNaN(value) ? 'n/a' : value.toLocaleString('en-US', { maximumFractionDigits: digits });

/** One printed figure with its goal and, when it has one, whether it is met and by how much it is missed. */
export function figure(name: string, value: string, goal?: { text: string; met: boolean | undefined; miss?: string }): void {
  const verdict =
    goal === undefined
      ? ''
      : goal.met === undefined
        ? '  (goal: n/a)'
        : goal.met
          ? '  MET'
          : `  MISSED${goal.miss ? ` by ${goal.miss}` : ''}`;
  console.log(`  ${name.padEnd(58)} ${value}${goal ? `   [goal ${goal.text}]${verdict}` : ''}`);
}

/** At most `limit` (lower is better): met, or missed by how much. */
export function atMost(value: number | undefined, limit: number, unit: string, text = `≤ ${fmt(limit)} ${unit}`) {
  if (value === undefined || Number.isNaN(value)) return { text, met: undefined };
  return {
    text,
    met: value <= limit,
    miss: `${fmt(value - limit)} ${unit}${limit > 0 ? ` (${fmt(((value - limit) / limit) * 100)} %)` : ''}`,
  };
}

export function machine(): string {
  const cpu = cpus();
  return [
    `CPU ${cpu[0]?.model ?? 'unknown'} × ${cpu.length} cores`,
    `RAM ${fmt(totalmem() / 2 ** 30)} GiB`,
    `Node ${process.version}`,
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}`,
  ].join(', ');
}

export function section(title: string): void {
  console.log(`\n== ${title}`);
}
