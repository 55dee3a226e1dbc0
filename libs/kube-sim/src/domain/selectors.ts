import { badRequest } from './api-error.js';

type Requirement =
  | { op: 'eq' | 'neq'; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'exists' | 'notexists'; key: string };

export type Matcher = (obj: KubeObjectLike) => boolean;

export interface KubeObjectLike {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: unknown;
}

/** Splits on commas that are not inside `in (a,b)` parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else current += ch;
  }
  terms.push(current);
  return terms.map((t) => t.trim()).filter((t) => t.length > 0);
}

function parseLabelTerm(term: string): Requirement {
  const setMatch = /^([^\s!=]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
  if (setMatch) {
    const values = setMatch[3]!
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v.length > 0);
    return { op: setMatch[2] as 'in' | 'notin', key: setMatch[1]!, values };
  }
  const cmp = /^([^\s!=]+)\s*(==|=|!=)\s*([^\s=!]*)$/.exec(term);
  if (cmp) return { op: cmp[2] === '!=' ? 'neq' : 'eq', key: cmp[1]!, value: cmp[3]! };
  const notExists = /^!\s*([^\s!=]+)$/.exec(term);
  if (notExists) return { op: 'notexists', key: notExists[1]! };
  if (/^[^\s!=(),]+$/.test(term)) return { op: 'exists', key: term };
  throw badRequest(`unable to parse requirement: invalid label selector term "${term}"`);
}

function matches(req: Requirement, value: string | undefined): boolean {
  switch (req.op) {
    case 'eq':
      return value === req.value;
    case 'neq':
      return value !== req.value;
    case 'in':
      return value !== undefined && req.values.includes(value);
    case 'notin':
      return value === undefined || !req.values.includes(value);
    case 'exists':
      return value !== undefined;
    case 'notexists':
      return value === undefined;
  }
}

/** Parses a label selector (`a=b,c!=d,e in (x,y),!f`); throws a 400 `Status` on bad syntax. */
export function parseLabelSelector(selector: string | null | undefined): Matcher | undefined {
  if (!selector) return undefined;
  const reqs = splitTerms(selector).map(parseLabelTerm);
  return (obj) => {
    const labels = obj.metadata?.labels ?? {};
    return reqs.every((r) => matches(r, labels[r.key]));
  };
}

/** Reads a dotted field path such as `status.phase` or `metadata.name`. */
function fieldValue(obj: KubeObjectLike, path: string): string | undefined {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) return undefined;
  return typeof cur === 'object' ? JSON.stringify(cur) : String(cur);
}

/** Parses a field selector (`metadata.name=x,status.phase!=Running`). Only `=`, `==`, `!=` exist for fields. */
export function parseFieldSelector(selector: string | null | undefined): Matcher | undefined {
  if (!selector) return undefined;
  const reqs = splitTerms(selector).map((term) => {
    const m = /^([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw badRequest(`invalid field selector: "${term}": field selectors support only =, == and !=`);
    return { key: m[1]!, negate: m[2] === '!=', value: m[3]!.trim() };
  });
  return (obj) =>
    reqs.every((r) => {
      const v = fieldValue(obj, r.key) ?? '';
      return r.negate ? v !== r.value : v === r.value;
    });
}

/** Turns a LabelSelector object (`matchLabels` + `matchExpressions`) into a matcher on labels. */
export function labelSelectorMatcher(sel: {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}): (labels: Record<string, string> | undefined) => boolean {
  const reqs: Requirement[] = Object.entries(sel.matchLabels ?? {}).map(([key, value]) => ({ op: 'eq', key, value }));
  for (const e of sel.matchExpressions ?? []) {
    const op = e.operator.toLowerCase();
    if (op === 'in' || op === 'notin') reqs.push({ op, key: e.key, values: e.values ?? [] });
    else if (op === 'exists') reqs.push({ op: 'exists', key: e.key });
    else if (op === 'doesnotexist') reqs.push({ op: 'notexists', key: e.key });
  }
  return (labels) => reqs.every((r) => matches(r, (labels ?? {})[r.key]));
}
