import { type MessageContract } from '@appmanager/contracts';
import { type z } from 'zod';

/** Raised when data does not fit its contract; the message names every failing path. */
export class ContractViolationError extends Error {
  constructor(
    readonly subject: string,
    readonly issues: readonly string[],
  ) {
    super(`${subject}: ${issues.join('; ')}`);
    this.name = 'ContractViolationError';
  }
}

/** "data.appId: Invalid input: expected string, received undefined" for each issue. */
export function describeIssues(error: z.ZodError, prefix = ''): string[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((part) => part !== '').join('.');
    return `${path || '(root)'}: ${issue.message}`;
  });
}

export function validateData<C extends MessageContract>(contract: C, data: unknown): z.infer<C['schema']> {
  const result = contract.schema.safeParse(data);
  if (!result.success) throw new ContractViolationError(contract.subject, describeIssues(result.error, 'data'));
  return result.data as z.infer<C['schema']>;
}
