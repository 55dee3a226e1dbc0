import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TlsMaterial {
  caPem: string;
  certPem: string;
  keyPem: string;
}

const DEFAULT_DIR = join(tmpdir(), 'appmanager-cluster-sim-tls-v1');

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/**
 * A CA and a server certificate for 127.0.0.1/localhost, made with the `openssl` CLI on first use
 * and cached, so every start does not pay for key generation. EC P-256 keys keep handshakes cheap.
 * Generated in a scratch directory and renamed into place, so parallel test processes never read
 * a half-written set.
 */
export function ensureTlsMaterial(dir = DEFAULT_DIR): TlsMaterial {
  if (!existsSync(join(dir, 'server.key'))) generate(dir);
  return {
    caPem: readFileSync(join(dir, 'ca.crt'), 'utf8'),
    certPem: readFileSync(join(dir, 'server.crt'), 'utf8'),
    keyPem: readFileSync(join(dir, 'server.key'), 'utf8'),
  };
}

function generate(dir: string): void {
  const scratch = `${dir}.${process.pid}.${Date.now()}`;
  mkdirSync(scratch, { recursive: true });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '3650',
      '-subj',
      '/CN=cluster-sim-ca',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    scratch,
  );
  openssl(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=cluster-sim'], scratch);
  writeFileSync(
    join(scratch, 'ext.cnf'),
    [
      'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost',
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
    ].join('\n'),
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.crt',
      '-days',
      '825',
      '-extfile',
      'ext.cnf',
    ],
    scratch,
  );
  try {
    renameSync(scratch, dir);
  } catch {
    // another process won the race; its set is as good as ours
    rmSync(scratch, { recursive: true, force: true });
  }
}
