import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { unpackPlugin, type UnpackedPlugin } from '@appmanager/plugin-package';
import { archiveKeyOf, type PluginPackage } from '../domain/plugin-package.js';
import { InvalidScriptError, VersionConflictError } from '../domain/registry.errors.js';
import { decideUpload } from '../domain/upload-decision.js';
import { ArchiveStore } from './archive.store.js';
import { PluginPackageRepository } from './plugin-package.repository.js';
import { refuseNameCollisions } from './refuse-name-collisions.js';
import { ScriptChecker } from './script.checker.js';

export interface UploadResult {
  pkg: PluginPackage;
  /** created: a new version; replaced: forced over different content; unchanged: same checksum, nothing done. */
  outcome: 'created' | 'replaced' | 'unchanged';
}

/**
 * Installs a package version: unpack within limits, validate the manifest, compile every script in
 * QuickJS, refuse a taken version with other content (unless forced), store the archive, then record
 * the version and its `installed` event in one transaction.
 */
@Injectable()
export class UploadPluginUseCase {
  constructor(
    @Inject(PluginPackageRepository) private readonly repository: PluginPackageRepository,
    @Inject(ArchiveStore) private readonly archives: ArchiveStore,
    @Inject(ScriptChecker) private readonly checker: ScriptChecker,
  ) {}

  /** `mayInstall` sees the validated manifest before anything is stored, and throws to refuse the caller. */
  async execute(
    archive: Buffer,
    options: { force?: boolean; enable?: boolean } = {},
    mayInstall: (manifest: UnpackedPlugin['manifest']) => Promise<void> = async () => undefined,
  ): Promise<UploadResult> {
    const plugin = await unpackPlugin(archive);
    await mayInstall(plugin.manifest);
    await this.checkScripts(plugin);
    const { name, version } = plugin.manifest;
    const sha256 = plugin.checksum.slice('sha256:'.length);
    const existing = await this.repository.find(name, version);
    const decision = decideUpload(existing, sha256, options.force ?? false);
    if (decision === 'unchanged') return { pkg: existing as PluginPackage, outcome: 'unchanged' };
    if (decision === 'conflict') {
      throw new VersionConflictError(
        `${name}@${version} is already installed with other content (${existing?.sha256.slice(0, 12)}…); publish a new version, or upload with ?force=true`,
      );
    }
    const key = archiveKeyOf(name, version, sha256);
    await this.archives.put(key, archive);
    const pkg: PluginPackage = {
      id: existing?.id ?? randomUUID(),
      name,
      version,
      description: plugin.manifest.description,
      enabled: options.enable ?? existing?.enabled ?? true,
      sha256,
      archiveKey: key,
      sizeBytes: archive.length,
      definitions: plugin.manifest.definitions,
      createdAt: existing?.createdAt ?? new Date(),
    };
    if (pkg.enabled) await refuseNameCollisions(this.repository, pkg);
    const definitions = pkg.definitions.map((d) => ({ kind: d.kind, type: d.type, ...(d.aliases?.length ? { aliases: d.aliases } : {}) }));
    try {
      const saved = await this.repository.save(pkg, { action: 'installed', name, version, checksum: plugin.checksum, definitions });
      if (existing && existing.archiveKey !== key) await this.archives.delete(existing.archiveKey).catch(() => undefined);
      return { pkg: saved, outcome: decision === 'create' ? 'created' : 'replaced' };
    } catch (error) {
      // lost a race to create the same version: fine if the winner stored the same content
      const winner = error instanceof VersionConflictError ? await this.repository.find(name, version) : undefined;
      if (winner?.sha256 === sha256) return { pkg: winner, outcome: 'unchanged' };
      throw error;
    }
  }

  private async checkScripts(plugin: UnpackedPlugin): Promise<void> {
    const problems: Array<{ path: string; message: string }> = [];
    const checked = new Map<string, string | undefined>();
    for (const [index, definition] of plugin.manifest.definitions.entries()) {
      if (!checked.has(definition.script))
        checked.set(definition.script, await this.checker.compileError(plugin.scriptOf(definition), definition.script));
      const error = checked.get(definition.script);
      if (error)
        problems.push({ path: `definitions[${index}].script`, message: `${definition.script} does not compile in QuickJS: ${error}` });
    }
    if (problems.length > 0) throw new InvalidScriptError(problems);
  }
}
