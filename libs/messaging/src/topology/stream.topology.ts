import { allStreams, type StreamSpec } from '@appmanager/contracts';
import {
  JetStreamApiCodes,
  JetStreamApiError,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
  type StreamInfo,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

export interface StreamOptions {
  /** JetStream drops a repeated Nats-Msg-Id within this window. Default 2 minutes. */
  duplicateWindowMs?: number;
  /** Oldest message kept; 0 keeps everything. Default 0. */
  maxAgeMs?: number;
  streams?: readonly StreamSpec[];
}

export const defaultDuplicateWindowMs = 2 * 60_000;

/**
 * Creates or updates one stream per domain plus DEADLETTER. Safe when many replicas start
 * at once: the server accepts an identical create, and a lost race turns into an update.
 */
export async function ensureStreams(jsm: JetStreamManager, options: StreamOptions = {}): Promise<StreamInfo[]> {
  const specs = options.streams ?? allStreams;
  return Promise.all(specs.map((spec) => ensureStream(jsm, streamConfig(spec, options))));
}

export function streamConfig(spec: StreamSpec, options: StreamOptions = {}): Partial<StreamConfig> & { name: string } {
  return {
    name: spec.name,
    subjects: spec.subjects,
    description: spec.description,
    storage: StorageType.File,
    duplicate_window: nanos(options.duplicateWindowMs ?? defaultDuplicateWindowMs),
    max_age: nanos(options.maxAgeMs ?? 0),
  };
}

async function ensureStream(jsm: JetStreamManager, config: Partial<StreamConfig> & { name: string }): Promise<StreamInfo> {
  const existing = await streamInfo(jsm, config.name);
  if (!existing) {
    try {
      return await jsm.streams.add(config);
    } catch (error) {
      // another replica created it first (the server says "name in use" or, under load, "subjects
      // overlap"): make ours win, as updates do; an overlap with a stream of another name stays an error
      if (!(error instanceof JetStreamApiError) || !(await streamInfo(jsm, config.name))) throw error;
    }
  } else if (!streamDiffers(existing.config, config)) {
    return existing;
  }
  const { name, storage: _storage, ...changes } = config;
  return jsm.streams.update(name, changes);
}

async function streamInfo(jsm: JetStreamManager, name: string): Promise<StreamInfo | undefined> {
  try {
    return await jsm.streams.info(name);
  } catch (error) {
    if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound) return undefined;
    throw error;
  }
}

function streamDiffers(current: StreamConfig, wanted: Partial<StreamConfig>): boolean {
  return (
    JSON.stringify([...(current.subjects ?? [])].sort()) !== JSON.stringify([...(wanted.subjects ?? [])].sort()) ||
    current.duplicate_window !== wanted.duplicate_window ||
    current.max_age !== wanted.max_age ||
    current.description !== wanted.description
  );
}
