/**
 * JSONPath-like field paths as AppManager writes them in `toFieldPaths` / `fieldPath`:
 * `spec.replicas`, `$.spec.env.DB_HOST`, `spec.containers[0].image`, `metadata.labels['app.kubernetes.io/name']`,
 * and a selector for named lists, `spec.containers[name=web].image`.
 */
export type PathSegment = { kind: 'key'; key: string } | { kind: 'index'; index: number } | { kind: 'match'; field: string; value: string };

export class FieldPathError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`field path "${path}": ${problem}`);
    this.name = 'FieldPathError';
  }
}

export function parseFieldPath(path: string): PathSegment[] {
  let rest = path.trim().replace(/^\$\.?/, '');
  const segments: PathSegment[] = [];
  while (rest.length > 0) {
    const bracket = /^\[(?:(\d+)|'([^']*)'|"([^"]*)"|([A-Za-z0-9_.-]+)=([^\]]*))\]\.?/.exec(rest);
    if (bracket) {
      if (bracket[1] !== undefined) segments.push({ kind: 'index', index: Number(bracket[1]) });
      else if (bracket[4] !== undefined) segments.push({ kind: 'match', field: bracket[4], value: bracket[5] ?? '' });
      else segments.push({ kind: 'key', key: bracket[2] ?? bracket[3] ?? '' });
      rest = rest.slice(bracket[0].length);
      continue;
    }
    const key = /^([^.[\]]+)\.?/.exec(rest);
    if (!key) throw new FieldPathError(path, `cannot read "${rest}"`);
    segments.push({ kind: 'key', key: key[1] as string });
    rest = rest.slice(key[0].length);
  }
  if (segments.length === 0) throw new FieldPathError(path, 'is empty');
  return segments;
}

/** The value at `path`, or undefined when any step of it is missing. */
export function getAtPath(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const segment of parseFieldPath(path)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = step(current as Record<string, unknown> | unknown[], segment);
  }
  return current;
}

function step(container: Record<string, unknown> | unknown[], segment: PathSegment): unknown {
  if (segment.kind === 'key') return Array.isArray(container) ? undefined : container[segment.key];
  if (!Array.isArray(container)) return undefined;
  if (segment.kind === 'index') return container[segment.index];
  return container.find((item) => isRecord(item) && String(item[segment.field]) === segment.value);
}

/**
 * Writes `value` at `path` inside `root` (mutating it), creating objects, arrays and `[name=x]` entries on
 * the way. Refuses to walk through a scalar, since that would silently drop the value.
 */
export function setAtPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const segments = parseFieldPath(path);
  let current: Record<string, unknown> | unknown[] = root;
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    const next = segments[i + 1];
    if (segment.kind === 'key') {
      if (Array.isArray(current)) throw new FieldPathError(path, `"${segment.key}" is a key but the value there is a list`);
      if (last) current[segment.key] = value;
      else current = descend(current, segment.key, next as PathSegment, path);
      return;
    }
    if (!Array.isArray(current)) throw new FieldPathError(path, 'an index or [field=value] needs a list there');
    if (segment.kind === 'index') {
      if (segment.index > current.length)
        throw new FieldPathError(path, `index ${segment.index} is past the end (length ${current.length})`);
      if (last) current[segment.index] = value;
      else current = descend(current, segment.index, next as PathSegment, path);
      return;
    }
    let position = current.findIndex((item) => isRecord(item) && String(item[segment.field]) === segment.value);
    if (position < 0) position = current.push({ [segment.field]: segment.value }) - 1;
    if (last) current[position] = value;
    else current = descend(current, position, next as PathSegment, path);
  });
}

function descend(
  container: Record<string, unknown> | unknown[],
  key: string | number,
  next: PathSegment,
  path: string,
): Record<string, unknown> | unknown[] {
  const holder = container as Record<string | number, unknown>;
  const existing = holder[key];
  if (existing === undefined || existing === null) {
    const created = next.kind === 'key' ? {} : [];
    holder[key] = created;
    return created;
  }
  if (typeof existing !== 'object')
    throw new FieldPathError(path, `"${String(key)}" holds ${JSON.stringify(existing)}, not an object or list`);
  return existing as Record<string, unknown> | unknown[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
