import { cloudEventSchema, type CloudEvent, type MessageContract } from '@appmanager/contracts';
import { describeIssues } from '../publish/contract.validation.js';

export type DecodeFailure = 'invalid-json' | 'invalid-envelope' | 'invalid-data';

export type Decoded =
  { ok: true; event: CloudEvent; envelope: unknown } | { ok: false; reason: DecodeFailure; error: string; envelope?: unknown; raw: string };

/**
 * Turns a message body into a CloudEvent whose data fits the contract, or says exactly why not.
 * A message that fails here can never succeed, so it is dead-lettered at once, never retried.
 */
export function decodeMessage(body: Uint8Array, contract: MessageContract): Decoded {
  const raw = new TextDecoder().decode(body);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    return { ok: false, reason: 'invalid-json', error: `body is not JSON: ${(error as Error).message}`, raw };
  }
  const envelope = cloudEventSchema.safeParse(parsed);
  if (!envelope.success) {
    return {
      ok: false,
      reason: 'invalid-envelope',
      error: `not a CloudEvent: ${describeIssues(envelope.error).join('; ')}`,
      envelope: parsed,
      raw,
    };
  }
  if (envelope.data.type !== contract.subject) {
    return {
      ok: false,
      reason: 'invalid-envelope',
      error: `type: expected ${contract.subject}, got ${envelope.data.type}`,
      envelope: parsed,
      raw,
    };
  }
  const data = contract.schema.safeParse(envelope.data.data);
  if (!data.success) {
    return {
      ok: false,
      reason: 'invalid-data',
      error: `${contract.subject}: ${describeIssues(data.error, 'data').join('; ')}`,
      envelope: parsed,
      raw,
    };
  }
  return { ok: true, event: { ...envelope.data, data: data.data }, envelope: parsed };
}
