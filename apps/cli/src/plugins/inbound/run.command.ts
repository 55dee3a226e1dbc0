import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DEFINITION_KINDS, type DefinitionKind } from '@appmanager/plugin-sdk';
import { dryRunDefinition, packPlugin, unpackPlugin, type DryRunRequest } from '@appmanager/plugin-package';
import { UsageError, type CliIo } from '../../cli/cli-io.js';

export interface RunOptions {
  kind: string;
  type: string;
  fn: string;
  input?: string;
  inputJson?: string;
  namespace: string;
}

/**
 * Calls one function of one definition once in the real QuickJS sandbox against a fake cluster and
 * prints the result, outputs, logs and the objects it would have applied, as JSON.
 */
export async function runCommand(target: string, values: RunOptions, io: CliIo): Promise<number> {
  if (!DEFINITION_KINDS.includes(values.kind as DefinitionKind))
    throw new UsageError(`--kind must be one of ${DEFINITION_KINDS.join(', ')}`);
  const path = resolve(io.cwd, target);
  const archive = (await stat(path)).isDirectory() ? (await packPlugin(path)).archive : await readFile(path);
  const plugin = await unpackPlugin(archive);
  const request: DryRunRequest = {
    kind: values.kind as DefinitionKind,
    type: values.type,
    fn: values.fn,
    input: await readInput(values.input, values.inputJson, io),
    context: { target: { cluster: 'dry-run', namespace: values.namespace } },
  };
  const result = await dryRunDefinition(plugin, request);
  io.out(JSON.stringify(result, null, 2));
  return 0;
}

async function readInput(file: string | undefined, json: string | undefined, io: CliIo): Promise<Record<string, unknown>> {
  const text = json ?? (file ? await readFile(resolve(io.cwd, file), 'utf8') : '{}');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the input is not JSON: ${(error as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new UsageError('the input must be a JSON object');
  return value as Record<string, unknown>;
}
