import { ApiError } from './api-error.js';
import { cloneJson, isObject, jsonEqual, type Json } from './json-value.js';

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: Json;
}

const unprocessable = (message: string): ApiError => new ApiError(422, 'Invalid', message);

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw unprocessable(`invalid JSON pointer "${pointer}"`);
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Returns the parent container and the last token of a pointer, failing when the parent is missing. */
function locate(doc: Json, tokens: string[], pointer: string): { parent: Json; key: string } {
  let cur: Json = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(t)] as Json;
    else if (isObject(cur)) cur = cur[t] as Json;
    else cur = undefined as unknown as Json;
    if (cur === undefined) throw unprocessable(`path "${pointer}" does not exist`);
  }
  return { parent: cur, key: tokens[tokens.length - 1]! };
}

function get(doc: Json, pointer: string): Json {
  let cur: Json | undefined = doc;
  for (const t of parsePointer(pointer)) {
    cur = Array.isArray(cur) ? cur[Number(t)] : isObject(cur) ? cur[t] : undefined;
    if (cur === undefined) throw unprocessable(`path "${pointer}" does not exist`);
  }
  return cur;
}

function remove(doc: Json, pointer: string): Json {
  const { parent, key } = locate(doc, parsePointer(pointer), pointer);
  if (Array.isArray(parent)) {
    const i = Number(key);
    if (!(i >= 0 && i < parent.length)) throw unprocessable(`path "${pointer}" does not exist`);
    return parent.splice(i, 1)[0]!;
  }
  if (!isObject(parent) || !(key in parent)) throw unprocessable(`path "${pointer}" does not exist`);
  const old = parent[key]!;
  delete parent[key];
  return old;
}

function add(doc: Json, pointer: string, value: Json, replace: boolean): Json {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const { parent, key } = locate(doc, tokens, pointer);
  if (Array.isArray(parent)) {
    const i = key === '-' ? parent.length : Number(key);
    if (!(i >= 0 && i <= parent.length) || (replace && i >= parent.length)) throw unprocessable(`path "${pointer}" does not exist`);
    parent.splice(i, replace ? 1 : 0, value);
  } else if (isObject(parent)) {
    if (replace && !(key in parent)) throw unprocessable(`path "${pointer}" does not exist`);
    parent[key] = value;
  } else throw unprocessable(`path "${pointer}" does not exist`);
  return doc;
}

/** RFC 6902 JSON patch; a failing `test` or a missing path yields a 422 `Status`. */
export function applyJsonPatch(target: Json, ops: unknown): Json {
  if (!Array.isArray(ops)) throw new ApiError(400, 'BadRequest', 'a JSON patch must be an array of operations');
  let doc = cloneJson(target);
  for (const raw of ops as Operation[]) {
    if (!raw || typeof raw.path !== 'string') throw new ApiError(400, 'BadRequest', 'JSON patch operation without a path');
    switch (raw.op) {
      case 'add':
        doc = add(doc, raw.path, cloneJson(raw.value ?? null), false);
        break;
      case 'replace':
        doc = add(doc, raw.path, cloneJson(raw.value ?? null), true);
        break;
      case 'remove':
        remove(doc, raw.path);
        break;
      case 'move':
        doc = add(doc, raw.path, remove(doc, raw.from ?? ''), false);
        break;
      case 'copy':
        doc = add(doc, raw.path, cloneJson(get(doc, raw.from ?? '')), false);
        break;
      case 'test':
        if (!jsonEqual(get(doc, raw.path), raw.value)) throw unprocessable(`testing value ${raw.path} failed`);
        break;
      default:
        throw new ApiError(400, 'BadRequest', `unknown JSON patch operation "${String(raw.op)}"`);
    }
  }
  return doc;
}
