import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { KV } from '@nats-io/kv';
import { formatBinding, type RoleBinding } from './principal.js';

/** The NATS KV bucket every service reads API tokens from: one record per token, never the token itself. */
export const API_TOKENS_BUCKET = 'am_api_tokens';

/** What is kept of a token: its SHA-256 (a 256-bit random secret needs no slow hash), roles and life. */
export interface ApiTokenRecord {
  id: string;
  name: string;
  sha256: string;
  bindings: string[];
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt?: string;
}

export type ApiTokenView = Omit<ApiTokenRecord, 'sha256'>;

const tokenPattern = /^amt_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** API tokens for systems: `amt_<id>_<secret>`, shown once, stored hashed, expiring, revocable. */
export class ApiTokenStore {
  constructor(private readonly kv: KV) {}

  async issue(input: {
    name: string;
    bindings: RoleBinding[];
    expiresAt: Date;
    createdBy: string;
  }): Promise<{ token: string; view: ApiTokenView }> {
    const id = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const record: ApiTokenRecord = {
      id,
      name: input.name,
      sha256: sha256(secret),
      bindings: input.bindings.map(formatBinding),
      createdBy: input.createdBy,
      createdAt: new Date().toISOString(),
      expiresAt: input.expiresAt.toISOString(),
    };
    await this.kv.create(id, JSON.stringify(record));
    return { token: `amt_${id}_${secret}`, view: viewOf(record) };
  }

  static looksLikeApiToken(token: string): boolean {
    return token.startsWith('amt_');
  }

  /** The record a presented token stands for, or why it does not stand for one. */
  async verify(token: string, now = new Date()): Promise<ApiTokenRecord | { refused: string }> {
    const match = tokenPattern.exec(token);
    if (!match) return { refused: 'malformed API token' };
    const record = await this.get(match[1]!);
    const presented = Buffer.from(sha256(match[2]!), 'hex');
    if (!record || !timingSafeEqual(presented, Buffer.from(record.sha256, 'hex'))) return { refused: 'unknown API token' };
    if (record.revokedAt) return { refused: `API token ${record.id} was revoked at ${record.revokedAt}` };
    if (new Date(record.expiresAt) <= now) return { refused: `API token ${record.id} expired at ${record.expiresAt}` };
    return record;
  }

  async list(): Promise<ApiTokenView[]> {
    const views: ApiTokenView[] = [];
    for await (const key of await this.kv.keys()) {
      const record = await this.get(key);
      if (record) views.push(viewOf(record));
    }
    return views.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Marks the token revoked (kept, so the audit trail can still name it); undefined when there is none. */
  async revoke(id: string): Promise<ApiTokenView | undefined> {
    const record = await this.get(id);
    if (!record) return undefined;
    const revoked = { ...record, revokedAt: record.revokedAt ?? new Date().toISOString() };
    await this.kv.put(id, JSON.stringify(revoked));
    return viewOf(revoked);
  }

  private async get(id: string): Promise<ApiTokenRecord | undefined> {
    if (!/^[0-9a-f]{16}$/.test(id)) return undefined;
    const entry = await this.kv.get(id);
    return entry && entry.operation === 'PUT' ? (entry.json() as ApiTokenRecord) : undefined;
  }
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function viewOf(record: ApiTokenRecord): ApiTokenView {
  const { sha256: _hash, ...view } = record;
  return view;
}
