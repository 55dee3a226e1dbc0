import { pluginDeletedEvent, pluginDisabledEvent, pluginEnabledEvent, pluginInstalledEvent } from '@appmanager/contracts';
import { loadPlugin, type LoadedPlugin } from '@appmanager/plugin-runtime';
import type { DefinitionKind } from '@appmanager/plugin-sdk';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { DefinitionSource, ResolvedDefinitionDto } from './definition.source.js';

export interface CatalogEntry extends ResolvedDefinitionDto {
  /** Ready for PluginRuntime.call; its key changes with the code, so warm contexts follow versions. */
  plugin: LoadedPlugin;
}

export type CatalogChange = { reason: 'installed' | 'enabled' | 'disabled' | 'deleted' | 'reconnected'; name?: string; version?: string };

const EVENTS = 'plugin.evt.plugin.>';

/**
 * Resolved definitions, cached per (kind, type, range) and dropped when the registry announces a
 * change that could alter the answer. Each replica subscribes on its own (plain NATS, not a shared
 * durable consumer): every replica must see every change. Events missed while disconnected are
 * covered by clearing everything on reconnect.
 */
export class PluginCatalog {
  private readonly entries = new Map<string, Promise<CatalogEntry>>();
  private readonly settled = new Map<string, CatalogEntry>();
  private readonly listeners: Array<(change: CatalogChange) => void> = [];
  private subscription?: Subscription;
  private statusLoop?: Promise<void>;

  constructor(
    private readonly source: DefinitionSource,
    private readonly nats?: NatsConnection,
  ) {}

  /** Subscribes to plug-in events; resolve works without it, but then never reloads. */
  start(): void {
    if (!this.nats || this.subscription) return;
    // an error (e.g. the server refusing the subscription) comes without a message; the catalog then never reloads
    this.subscription = this.nats.subscribe(EVENTS, {
      callback: (error, msg) => void (error ? undefined : this.onEvent(msg.subject, msg.string())),
    });
    const nats = this.nats;
    this.statusLoop = (async () => {
      for await (const status of nats.status()) if (status.type === 'reconnect') this.invalidate(() => true, { reason: 'reconnected' });
    })().catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }

  /** Called after every invalidation, e.g. to log it or drop warm sandboxes. */
  onChange(listener: (change: CatalogChange) => void): void {
    this.listeners.push(listener);
  }

  resolve(kind: DefinitionKind, type: string, range = '*'): Promise<CatalogEntry> {
    const key = `${kind}/${type}@${range}`;
    let entry = this.entries.get(key);
    if (!entry) {
      const pending = this.source.resolve(kind, type, range).then(toEntry);
      pending.then(
        (resolved) => this.entries.get(key) === pending && this.settled.set(key, resolved),
        // a failure is not cached: the next call asks again
        () => this.entries.get(key) === pending && this.entries.delete(key),
      );
      this.entries.set(key, pending);
      entry = pending;
    }
    return entry;
  }

  /** How many (kind, type, range) answers are cached. */
  get size(): number {
    return this.entries.size;
  }

  private onEvent(subject: string, text: string): void {
    let data: unknown;
    try {
      data = (JSON.parse(text) as { data?: unknown }).data;
    } catch {
      return;
    }
    if (subject === pluginInstalledEvent.subject) {
      const event = pluginInstalledEvent.schema.safeParse(data);
      if (!event.success) return;
      // a new version may now be the best match for any range over these types, by name or alias
      const types = new Set(event.data.definitions.flatMap((d) => [d.type, ...(d.aliases ?? [])].map((name) => `${d.kind}/${name}@`)));
      this.invalidate((key) => [...types].some((t) => key.startsWith(t)), { reason: 'installed', ...ref(event.data) });
    } else if (subject === pluginEnabledEvent.subject) {
      const event = pluginEnabledEvent.schema.safeParse(data);
      // the event does not say which types the version defines, so every answer may change
      if (event.success) this.invalidate(() => true, { reason: 'enabled', ...ref(event.data) });
    } else {
      const contract =
        subject === pluginDisabledEvent.subject
          ? pluginDisabledEvent
          : subject === pluginDeletedEvent.subject
            ? pluginDeletedEvent
            : undefined;
      const event = contract?.schema.safeParse(data);
      if (!event?.success) return;
      const reason = contract === pluginDisabledEvent ? 'disabled' : 'deleted';
      this.invalidate((_key, resolved) => resolved?.name === event.data.name && resolved.version === event.data.version, {
        reason,
        ...ref(event.data),
      });
    }
  }

  private invalidate(matches: (key: string, resolved?: CatalogEntry) => boolean, change: CatalogChange): void {
    for (const key of [...this.entries.keys()]) {
      const resolved = this.settled.get(key);
      // an answer still in flight is dropped too: it may have been computed before the change
      if (!resolved || matches(key, resolved)) {
        this.entries.delete(key);
        this.settled.delete(key);
      }
    }
    for (const listener of this.listeners) listener(change);
  }
}

function ref(data: { name: string; version: string }): { name: string; version: string } {
  return { name: data.name, version: data.version };
}

function toEntry(resolved: ResolvedDefinitionDto): CatalogEntry {
  const { script: _script, ...definition } = resolved.definition;
  return { ...resolved, plugin: loadPlugin({ name: resolved.name, version: resolved.version }, definition, resolved.script) };
}
