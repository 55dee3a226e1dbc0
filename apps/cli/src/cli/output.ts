import { Option } from 'commander';
import Table from 'cli-table3';
import { stringify } from 'yaml';
import { interactive, type CliIo } from './cli-io.js';

export const OUTPUT_FORMATS = ['table', 'json', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** `-o table|json|yaml`, on every command that prints data. */
export const outputOption = (): Option =>
  new Option('-o, --output <format>', 'how data is printed on stdout').choices(OUTPUT_FORMATS).default('table');

/** What a table shows of the data: a header and one row per item. */
export interface TableView {
  head: string[];
  rows: (string | number | null | undefined)[][];
}

/** Data on stdout: as JSON or YAML whole, or as a table of what a person reads (no borders, so it greps well). */
export function printData(io: CliIo, format: OutputFormat, data: unknown, table: () => TableView): void {
  if (format === 'json') return io.out(JSON.stringify(data, null, 2));
  if (format === 'yaml') return io.out(stringify(data).trimEnd());
  const { head, rows } = table();
  if (rows.length === 0) return io.err('(none)');
  io.out(renderTable(io, head, rows));
}

export function renderTable(io: CliIo, head: string[], rows: TableView['rows']): string {
  const colour = interactive(io);
  const table = new Table({
    head,
    chars: {
      top: '',
      'top-mid': '',
      'top-left': '',
      'top-right': '',
      bottom: '',
      'bottom-mid': '',
      'bottom-left': '',
      'bottom-right': '',
      left: '',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: '  ',
    },
    style: { 'padding-left': 0, 'padding-right': 0, head: colour ? ['bold'] : [], border: [] },
  });
  for (const row of rows) table.push(row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))));
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}
