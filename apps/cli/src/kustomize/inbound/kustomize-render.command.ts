import { createHash } from 'node:crypto';
import { stat, writeFile } from 'node:fs/promises';
import { basename, relative, resolve } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import type { Command } from 'commander';
import { UsageError, type CliIo } from '../../cli/cli-io.js';
import { action, type CommandContext } from '../../cli/command-context.js';
import { renderKustomization } from '../outbound/kustomize.renderer.js';

/**
 * The pre-render step of the `kustomize` component type: plug-ins run in a sandbox with no process or
 * file system, so the kustomization is rendered here, where its sources are (a developer machine or
 * CI), and the rendered objects travel in the component's properties. Prints the component as YAML.
 */
export async function kustomizeRenderCommand(dir: string, values: { name?: string; out?: string }, io: CliIo): Promise<number> {
  const source = resolve(io.cwd, dir);
  if (!(await stat(source)).isDirectory()) throw new UsageError(`${dir} is not a directory`);
  const rendered = await renderKustomization(source);
  const objects = parseAllDocuments(rendered)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`the rendered output is not YAML: ${doc.errors[0]?.message}`);
      return doc.toJS() as unknown;
    })
    .filter((o) => o !== null);
  if (objects.length === 0) throw new Error(`${dir} renders no objects`);
  const component = {
    type: 'kustomize',
    name: values.name ?? basename(source),
    properties: {
      kustomization: { path: relative(io.cwd, source) || '.', sha256: createHash('sha256').update(rendered).digest('hex') },
      objects,
    },
  };
  const yaml = stringify(component);
  if (values.out) {
    await writeFile(resolve(io.cwd, values.out), yaml);
    io.out(`wrote ${values.out}: component ${component.name} with ${objects.length} objects`);
  } else {
    io.out(yaml.trimEnd());
  }
  return 0;
}

export function registerKustomizeCommands(program: Command, ctx: CommandContext): void {
  program
    .command('kustomize')
    .description('the pre-render step of the kustomize component type')
    .command('render')
    .description('render a kustomization into a kustomize component (YAML on stdout, or -o)')
    .argument('<dir>', 'the kustomization directory')
    .option('--name <component>', 'the component name (default: the directory name)')
    .option('-o, --out <component.yaml>', 'write the component here')
    .action(action(ctx, (dir: string, o: { name?: string; out?: string }) => kustomizeRenderCommand(dir, o, ctx.io)));
}
