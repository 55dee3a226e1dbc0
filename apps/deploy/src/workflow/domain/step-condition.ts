import { getAtPath } from '../../applications/domain/field-path.js';

/**
 * A step's `if`: `context.approved`, `!outputs.skipMigrations`, `outputs.env == 'prod'`,
 * `steps.migrate.state != 'SKIPPED' && context.ready`. No parentheses; `&&` binds tighter than `||`.
 */
export class ConditionError extends Error {
  constructor(
    readonly condition: string,
    problem: string,
  ) {
    super(`condition "${condition}": ${problem}`);
    this.name = 'ConditionError';
  }
}

export function evaluateCondition(condition: string, scope: Record<string, unknown>): boolean {
  return condition.split('||').some((any) => any.split('&&').every((term) => evaluateTerm(term.trim(), scope, condition)));
}

function evaluateTerm(term: string, scope: Record<string, unknown>, whole: string): boolean {
  const comparison = /^(.*?)\s*(==|!=)\s*(.*)$/.exec(term);
  if (comparison) {
    const left = operand(comparison[1] as string, scope, whole);
    const right = operand(comparison[3] as string, scope, whole);
    const equal = JSON.stringify(left) === JSON.stringify(right);
    return comparison[2] === '==' ? equal : !equal;
  }
  if (term.startsWith('!')) return !truthy(operand(term.slice(1).trim(), scope, whole));
  return truthy(operand(term, scope, whole));
}

function operand(text: string, scope: Record<string, unknown>, whole: string): unknown {
  const t = text.trim();
  if (t === '') throw new ConditionError(whole, 'an operand is missing');
  if (/^'[^']*'$|^"[^"]*"$/.test(t)) return t.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (t === 'true' || t === 'false') return t === 'true';
  if (t === 'null') return null;
  if (!/^[A-Za-z_][\w.-]*(\[\d+\])*([.\w-]*)*$/.test(t)) throw new ConditionError(whole, `cannot read "${t}"`);
  return getAtPath(scope, t) ?? null;
}

function truthy(value: unknown): boolean {
  return !(value === null || value === false || value === 0 || value === '' || value === undefined);
}
