import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** A command in a detached tmux session on a server of its own (`-L`), so a terminal is really there; read by capture-pane. */
export class TmuxSession {
  private constructor(private readonly socket: string) {}

  /** Runs `command` with `env` in a `width`×`height` pane; the pane stays after it exits, ending with `EXIT=<code>`. */
  static async start(dir: string, command: string[], env: Record<string, string>, size = { width: 120, height: 40 }): Promise<TmuxSession> {
    const socket = `amctl-test-${process.pid}-${Date.now()}`;
    const script = join(dir, `${socket}.sh`);
    const exports = Object.entries(env).map(([k, v]) => `export ${k}=${quote(v)}`);
    await writeFile(
      script,
      ['unset NO_COLOR', ...exports, `${command.map(quote).join(' ')}`, 'echo "EXIT=$?"', 'sleep 600', ''].join('\n'),
    );
    await exec('tmux', [
      '-L',
      socket,
      '-f',
      '/dev/null',
      'new-session',
      '-d',
      '-x',
      String(size.width),
      '-y',
      String(size.height),
      `bash ${quote(script)}`,
    ]);
    return new TmuxSession(socket);
  }

  /** What the pane shows now, as text. */
  async capture(): Promise<string> {
    return (await exec('tmux', ['-L', this.socket, 'capture-pane', '-p'])).stdout;
  }

  async kill(): Promise<void> {
    await exec('tmux', ['-L', this.socket, 'kill-server']).catch(() => undefined);
  }
}

const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;
