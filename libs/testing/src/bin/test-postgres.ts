// One Postgres for a whole test run, so no test file starts one of its own.
//   test-postgres run -- <command...>  runs the command with PG* naming a Postgres: the one the
//       environment names (default 127.0.0.1:5432) when it answers, else an embedded one started
//       now and stopped when the command ends, whatever its outcome. Exits with the command's code.
//   test-postgres serve  starts an embedded one, prints its PG* variables as one JSON line and stops
//       it when its stdin closes, i.e. when the process that started it has exited, however it died.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from '../embedded-postgres.js';
import { postgresAnswers, postgresEnv, postgresFromEnv } from '../postgres-server.js';

const [mode, ...rest] = process.argv.slice(2);
// exit explicitly: embedded-postgres's exit hook would end the process with 0 on 'beforeExit'
if (mode === 'run') process.exit(await run(rest[0] === '--' ? rest.slice(1) : rest));
else if (mode === 'serve') await serve();
else {
  console.error('usage: test-postgres run -- <command...> | test-postgres serve');
  process.exitCode = 2;
}

async function run(command: string[]): Promise<number> {
  const [program, ...args] = command;
  if (!program) throw new Error('test-postgres run: no command given');
  const machine = postgresFromEnv();
  let embedded: EmbeddedPostgresServer | undefined;
  if (!(await postgresAnswers(machine))) {
    console.error(`test-postgres: no Postgres answers on ${machine.host}:${machine.port}; one embedded Postgres serves this run`);
    embedded = await startEmbeddedPostgres();
  }
  try {
    const child = spawn(program, args, { stdio: 'inherit', env: { ...process.env, ...(embedded ? postgresEnv(embedded) : {}) } });
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
    return await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
    });
  } finally {
    await embedded?.stop();
  }
}

async function serve(): Promise<void> {
  const server = await startEmbeddedPostgres();
  process.stdout.write(`${JSON.stringify(postgresEnv(server))}\n`);
  const stop = () => void server.stop().finally(() => process.exit(0));
  process.stdin.once('end', stop).once('error', stop).resume();
}
