import type { KV } from '@nats-io/kv';

/** The NATS KV bucket that says which project an application belongs to (key: app id). */
export const APP_PROJECTS_BUCKET = 'am_app_projects';

/** An application not assigned to a project is in this one. */
export const DEFAULT_PROJECT = 'default';

/** Applications belong to projects; roles bind per project. Assigned by an admin, read by every service. */
export class AppProjects {
  constructor(private readonly kv: KV) {}

  async projectOf(appId: string): Promise<string> {
    if (!isKey(appId)) return DEFAULT_PROJECT;
    const entry = await this.kv.get(appId);
    return entry && entry.operation === 'PUT' ? entry.string() : DEFAULT_PROJECT;
  }

  async assign(appId: string, project: string): Promise<void> {
    await this.kv.put(appId, project);
  }

  async list(): Promise<{ appId: string; project: string }[]> {
    const assigned: { appId: string; project: string }[] = [];
    for await (const appId of await this.kv.keys()) assigned.push({ appId, project: await this.projectOf(appId) });
    return assigned.sort((a, b) => a.appId.localeCompare(b.appId));
  }
}

/** NATS KV keys: letters, digits, `-`, `_`, `=`, `.` (not leading or trailing), `/`. */
export const isKey = (value: string): boolean => /^[-/_=a-zA-Z0-9]+(\.[-/_=a-zA-Z0-9]+)*$/.test(value) && value.length <= 255;
