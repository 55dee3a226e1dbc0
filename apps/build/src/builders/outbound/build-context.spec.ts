import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'fflate';
import { extractArchiveContext, redactUrl, renderContainerfile } from './build-context.js';

/** A ustar archive of regular files (what `tar czf` makes of a build context). */
function tarGz(files: Record<string, string>, type = '0'): Uint8Array {
  const blocks: Buffer[] = [];
  for (const [name, content] of Object.entries(files)) {
    const body = Buffer.from(content);
    const header = Buffer.alloc(512);
    header.write(name, 0, 100);
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124);
    header.write('00000000000\0', 136);
    header.write(type, 156);
    header.write('ustar\0' + '00', 257);
    header.fill(' ', 148, 156);
    const sum = header.reduce((a, b) => a + b, 0);
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  return gzipSync(Buffer.concat([...blocks, Buffer.alloc(1024)]));
}

describe('build contexts', () => {
  const dirs: string[] = [];
  const fresh = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'am-ctx-spec-'));
    dirs.push(dir);
    return dir;
  };
  after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('extracts an uploaded .tar.gz context with its sub-directories', async () => {
    const into = await fresh();
    await extractArchiveContext(tarGz({ Containerfile: 'FROM scratch\n', 'app/hello.txt': 'hello' }), into);
    assert.equal(await readFile(join(into, 'Containerfile'), 'utf8'), 'FROM scratch\n');
    assert.equal(await readFile(join(into, 'app/hello.txt'), 'utf8'), 'hello');
  });

  it('refuses an archive entry climbing out with .. and writes nothing', async () => {
    const into = await fresh();
    await assert.rejects(extractArchiveContext(tarGz({ 'ok.txt': 'x', '../x': 'evil' }), join(into, 'ctx')), /\.\.\/x leads out/);
    assert.deepEqual(await readdir(into), []);
  });

  it('refuses absolute entries and links', async () => {
    await assert.rejects(extractArchiveContext(tarGz({ '/etc/x': 'evil' }), await fresh()), /\/etc\/x leads out/);
    await assert.rejects(extractArchiveContext(tarGz({ link: '' }, '2'), await fresh()), /link is a link/);
  });

  it('renders a dockerfileTemplate with its arguments', () => {
    const rendered = renderContainerfile('FROM {{ BASE }}\nCOPY {{SRC}} /app\nLABEL v={{ BASE }}\n', { BASE: 'scratch', SRC: 'x' });
    assert.equal(rendered, 'FROM scratch\nCOPY x /app\nLABEL v=scratch\n');
  });

  it('names the template arguments that have no value', () => {
    assert.throws(() => renderContainerfile('FROM {{ BASE }}\nCOPY {{ SRC }} {{DEST}}', { BASE: 'b' }), /unknown argument\(s\): SRC, DEST/);
  });

  it('redacts credentials embedded in a repository URL', () => {
    assert.equal(redactUrl('clone https://bot:s3cret@git.example/r.git failed'), 'clone https://***@git.example/r.git failed');
  });
});
