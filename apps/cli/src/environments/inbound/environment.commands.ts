import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ServiceClient } from '../../auth/service.client.js';
import { UsageError, type CliIo } from '../../cli/cli-io.js';
import { action, type CommandContext } from '../../cli/command-context.js';
import { outputOption, printData, type OutputFormat } from '../../cli/output.js';
import { readObjectFile } from '../../cli/input.js';

type Row = Record<string, unknown>;

/** One kind of environment record deploy keeps: its route, list filter, register flags and table columns. */
interface Kind {
  route: string;
  filter?: { flag: string; query: string };
  /** flag (without --) → body field; `<` reads a file into it */
  fields: Record<string, string>;
  columns: string[];
}

const KINDS: Record<string, Kind> = {
  unit: { route: 'units', fields: { id: 'id', name: 'name', description: 'description' }, columns: ['id', 'name', 'description'] },
  cluster: {
    route: 'clusters',
    fields: { id: 'id', unit: 'unitId', name: 'name', 'api-endpoint': 'apiEndpoint', 'ca-file': '<caCertificate', sensing: 'sensing' },
    columns: ['id', 'unitId', 'name', 'apiEndpoint', 'sensing'],
  },
  namespace: {
    route: 'namespaces',
    filter: { flag: 'cluster', query: 'clusterId' },
    fields: { id: 'id', cluster: 'clusterId', name: 'name' },
    columns: ['id', 'clusterId', 'name'],
  },
  stage: {
    route: 'stages',
    filter: { flag: 'namespace', query: 'namespaceId' },
    fields: { id: 'id', namespace: 'namespaceId', name: 'name' },
    columns: ['id', 'namespaceId', 'name'],
  },
};

/** `env unit|cluster|namespace|stage list|register`: deploy's environments (POST/GET /v1/units, clusters, namespaces, stages). */
export function registerEnvironmentCommands(program: Command, ctx: CommandContext): void {
  const env = program.command('env').description("deploy's environments: units, clusters, namespaces, stages");
  for (const [name, kind] of Object.entries(KINDS)) {
    const group = env.command(name).description(`${kind.route}: list, register`);
    const list = group.command('list').description(`list the ${kind.route}`).addOption(outputOption());
    if (kind.filter) list.option(`--${kind.filter.flag} <id>`, `only those of this ${kind.filter.flag}`);
    list.action(action(ctx, (o: Row & { output: OutputFormat }) => listKind(ctx.io, kind, o)));
    const register = group
      .command('register')
      .description(`register a ${name} (flags, or -f a YAML/JSON file with the API's fields)`)
      .option('-f, --file <file>', 'the body as YAML or JSON (flags override its fields)');
    for (const [flag, field] of Object.entries(kind.fields)) {
      register.option(
        `--${flag} <${field.startsWith('<') ? 'file' : 'value'}>`,
        field.startsWith('<') ? `read ${field.slice(1)} from a file` : field,
      );
    }
    if (name === 'cluster') register.option('--token <token>', 'a bearer token for the API server (credentials.kind token)');
    register.addOption(outputOption()).action(action(ctx, (o: Row & { output: OutputFormat }) => registerKind(ctx.io, name, kind, o)));
  }
}

async function listKind(io: CliIo, kind: Kind, o: Row & { output: OutputFormat }): Promise<void> {
  const value = kind.filter ? o[camel(kind.filter.flag)] : undefined;
  const query = kind.filter && typeof value === 'string' ? `?${new URLSearchParams({ [kind.filter.query]: value })}` : '';
  const answer = await ServiceClient.of('deploy', io).json<Row[] | { items: Row[] }>(`/v1/${kind.route}${query}`);
  const items = Array.isArray(answer) ? answer : answer.items;
  printData(io, o.output, items, () => ({
    head: kind.columns.map((c) => c.replace(/[A-Z]/g, (l) => `_${l}`).toUpperCase()),
    rows: items.map((item) => kind.columns.map((c) => item[c] as string | undefined)),
  }));
}

async function registerKind(io: CliIo, name: string, kind: Kind, o: Row & { output: OutputFormat; file?: string }): Promise<void> {
  const body: Row = o.file ? await readObjectFile(io, o.file) : {};
  for (const [flag, field] of Object.entries(kind.fields)) {
    const value = o[camel(flag)];
    if (typeof value !== 'string') continue;
    if (field.startsWith('<')) body[field.slice(1)] = await readFile(resolve(io.cwd, value), 'utf8');
    else body[field] = value;
  }
  if (typeof o['token'] === 'string') body['credentials'] = { kind: 'token', token: o['token'] };
  const missing = ['id', 'name'].filter((f) => body[f] === undefined);
  if (missing.length > 0) throw new UsageError(`env ${name} register needs ${missing.map((f) => `--${f}`).join(' and ')} (or -f)`);
  const created = await ServiceClient.of('deploy', io).send<Row>('POST', `/v1/${kind.route}`, body);
  io.err(`${name} ${String(created['id'] ?? body['id'])} registered`);
  printData(io, o.output, created, () => ({
    head: kind.columns.map((c) => c.toUpperCase()),
    rows: [kind.columns.map((c) => created[c] as string | undefined)],
  }));
}

const camel = (flag: string): string => flag.replace(/-([a-z])/g, (_, l: string) => l.toUpperCase());
