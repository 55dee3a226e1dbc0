import assert from 'node:assert/strict';
import { rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { buffer as readAll } from 'node:stream/consumers';
import { DEFAULT_PACKAGE_LIMITS } from '../archive/package-limits.js';
import { writeTarGz } from '../archive/tar-gz.js';
import { PluginPackageError } from '../errors.js';
import { aDefinition, aManifest, aPluginDir, DEMO_SCRIPT } from '../testing/package-builders.js';
import { packPlugin } from './pack-plugin.js';
import { unpackPlugin } from './unpack-plugin.js';

const dirs: string[] = [];
async function dir(...args: Parameters<typeof aPluginDir>): Promise<string> {
  const made = await aPluginDir(...args);
  dirs.push(made);
  return made;
}
after(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** A tar.gz written by hand, so tests can put in what packPlugin would never write. */
async function rawArchive(
  entries: Array<{ name: string; content?: string; type?: 'file' | 'symlink'; linkname?: string }>,
): Promise<Buffer> {
  const pack = tar.pack();
  const done = readAll(pack);
  for (const e of entries) {
    if (e.type === 'symlink') pack.entry({ name: e.name, type: 'symlink', linkname: e.linkname });
    else pack.entry({ name: e.name, type: 'file' }, e.content ?? '');
  }
  pack.finalize();
  return gzipSync(await done);
}

async function rejectsWith(promise: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof PluginPackageError, String(error));
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return true;
  });
}

describe(packPlugin.name, () => {
  it('packs the manifest and the scripts it names, and unpacks them to the same manifest, scripts and checksum', async () => {
    const source = await dir(aManifest(), {
      'dist/microservice.js': DEMO_SCRIPT,
      'src/microservice.ts': 'secret sources',
      'README.md': '# demo',
    });
    const packed = await packPlugin(source);
    assert.deepEqual(packed.files, ['README.md', 'dist/microservice.js', 'plugin.yaml']);
    assert.match(packed.checksum, /^sha256:[0-9a-f]{64}$/);
    const unpacked = await unpackPlugin(packed.archive);
    assert.deepEqual(unpacked.manifest, aManifest());
    assert.equal(unpacked.checksum, packed.checksum);
    assert.equal(unpacked.scriptOf(unpacked.manifest.definitions[0]!), DEMO_SCRIPT);
  });

  it('gives the same checksum and bytes when packed again after the files were touched', async () => {
    const source = await dir();
    const first = await packPlugin(source);
    await utimes(join(source, 'dist/microservice.js'), new Date('2030-01-01'), new Date('2030-01-01'));
    const second = await packPlugin(source);
    assert.equal(second.checksum, first.checksum);
    assert.deepEqual(second.archive, first.archive);
    await writeFile(join(source, 'dist/microservice.js'), `${DEMO_SCRIPT}// changed\n`);
    assert.notEqual((await packPlugin(source)).checksum, first.checksum);
  });

  it('names the definition whose script is missing', async () => {
    const source = await dir(aManifest({ definitions: [aDefinition(), aDefinition({ type: 'job', script: 'dist/job.js' })] }));
    await rejectsWith(packPlugin(source), 'MISSING_FILE', /definitions\[1\]\.script: dist\/job\.js: file not found/);
  });

  it('refuses a script path that climbs out of the package', async () => {
    const source = await dir(aManifest({ definitions: [aDefinition({ script: '../../etc/passwd' })] }));
    await rejectsWith(packPlugin(source), 'MISSING_FILE', /definitions\[0\]\.script: unsafe path: must not contain "\.\."/);
  });

  it('refuses a directory without a manifest', async () => {
    const source = await dir();
    await rm(join(source, 'plugin.yaml'));
    await rejectsWith(packPlugin(source), 'MISSING_FILE', /no manifest/);
  });

  it('refuses files over the size limit', async () => {
    const source = await dir(aManifest(), { 'dist/microservice.js': 'x'.repeat(2000) });
    await rejectsWith(
      packPlugin(source, { ...DEFAULT_PACKAGE_LIMITS, maxFileBytes: 1000 }),
      'LIMIT_EXCEEDED',
      /dist\/microservice\.js: is 2000 bytes/,
    );
  });
});

describe(unpackPlugin.name, () => {
  it('refuses an entry whose path contains ../', async () => {
    const archive = await rawArchive([
      { name: 'plugin.yaml', content: 'x' },
      { name: '../evil.js', content: 'x' },
    ]);
    await rejectsWith(unpackPlugin(archive), 'UNSAFE_PATH', /\.\.\/evil\.js: unsafe path/);
  });

  it('refuses symbolic links', async () => {
    const archive = await rawArchive([{ name: 'link', type: 'symlink', linkname: '/etc/passwd' }]);
    await rejectsWith(unpackPlugin(archive), 'BAD_ARCHIVE', /link: is a symlink/);
  });

  it('refuses bytes that are not a gzipped tar', async () => {
    await rejectsWith(unpackPlugin(Buffer.from('PK\u0003\u0004 a zip file')), 'BAD_ARCHIVE', /not a gzip-compressed tar/);
  });

  it('refuses archives over the size, unpacked size and file count limits', async () => {
    const files = new Map([
      ['plugin.yaml', Buffer.from('a')],
      ['dist/a.js', Buffer.alloc(100_000)],
      ['dist/b.js', Buffer.from('b')],
    ]);
    const archive = await writeTarGz(files);
    await rejectsWith(
      unpackPlugin(archive, { ...DEFAULT_PACKAGE_LIMITS, maxArchiveBytes: 10 }),
      'LIMIT_EXCEEDED',
      /more than the limit of 10/,
    );
    await rejectsWith(
      unpackPlugin(archive, { ...DEFAULT_PACKAGE_LIMITS, maxUnpackedBytes: 1000 }),
      'LIMIT_EXCEEDED',
      /add up to 100002 bytes, more than the limit of 1000/,
    );
    await rejectsWith(unpackPlugin(archive, { ...DEFAULT_PACKAGE_LIMITS, maxFiles: 2 }), 'LIMIT_EXCEEDED', /more than 2 files/);
  });

  it('names a script the manifest lists but the archive lacks', async () => {
    const archive = await writeTarGz(new Map([['manifest.json', Buffer.from(JSON.stringify(aManifest()))]]));
    await rejectsWith(unpackPlugin(archive), 'MISSING_FILE', /definitions\[0\]\.script: "dist\/microservice\.js" is not in the archive/);
  });

  it('names a manifest that cannot be parsed', async () => {
    const archive = await writeTarGz(new Map([['plugin.yaml', Buffer.from('name: [unclosed')]]));
    await rejectsWith(unpackPlugin(archive), 'BAD_MANIFEST', /plugin\.yaml: cannot be parsed/);
  });
});
