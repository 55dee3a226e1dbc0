import { addUserCommand } from './accounts/add-user.command.js';
import { readIdentityConfig } from './identity-config.js';
import { startIdentityServer } from './identity-server.js';

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}

if (process.argv[2] === 'add-user') {
  try {
    const password = await addUserCommand(process.argv.slice(3), readStdin);
    if (password) process.stdout.write(`${password}\n`);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 2;
  }
} else {
  const { server } = await startIdentityServer(readIdentityConfig(process.env));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => server.close(() => process.exit(0)));
}
