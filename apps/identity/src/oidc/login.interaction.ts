import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Provider } from 'oidc-provider';
import type { UserDirectory } from '../accounts/user-directory.js';

const LOGIN_PATH = /^\/interaction\/([\w-]+)(\/login)?$/;

/**
 * The login page of the device flow: checks a user name and password against the users file (oidc-provider's
 * development pages would let anyone in under any name). Answers true when the request was one of its own.
 */
export async function handleLoginInteraction(
  provider: Provider,
  users: UserDirectory,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const match = LOGIN_PATH.exec(new URL(req.url ?? '/', 'http://localhost').pathname);
  if (!match) return false;
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== match[1]) return false;
  if (req.method === 'GET') {
    sendPage(res, 200, loginPage(details.uid));
    return true;
  }
  if (req.method !== 'POST' || !match[2]) return false;
  const form = new URLSearchParams(await readBody(req));
  const user = await users.authenticate(form.get('username') ?? '', form.get('password') ?? '');
  if (!user) {
    sendPage(res, 401, loginPage(details.uid, 'Wrong user name or password.'));
    return true;
  }
  await provider.interactionFinished(req, res, { login: { accountId: user.username } }, { mergeWithLastSubmission: false });
  return true;
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 10_000) throw new Error('form too large');
  }
  return body;
}

function sendPage(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid: string, problem?: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>AppManager sign-in</title></head>
<body><h1>Sign in to AppManager</h1>
${problem ? `<p role="alert">${escape(problem)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login" autocomplete="off">
<label>User name <input name="username" required autofocus></label>
<label>Password <input name="password" type="password" required></label>
<button type="submit">Sign in</button>
</form></body></html>`;
}
