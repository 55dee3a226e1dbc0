import { mkdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { simpleGit } from 'simple-git';
import type { BuildLog } from '../application/image-builder.js';

export { extractArchiveContext } from './archive-context.js';

/** Where a build context comes from in git: AppManager's `build{repo, branch, commit, repoPath}`. */
export interface GitContextSource {
  repo: string;
  branch?: string;
  tag?: string;
  commit?: string;
  /** sub-directory of the checkout holding the context */
  repoPath?: string;
}

export interface GitContext {
  contextDir: string;
  /** the commit actually checked out */
  commit: string;
}

/** Hides `user:password@` (or a token) embedded in a URL before it reaches a log or an error. */
export function redactUrl(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1***@');
}

/**
 * Clones `source` into `into` (created if missing): a branch or tag shallowly, a commit by a full
 * clone and checkout. Returns the context dir (`repoPath` inside the checkout, which must not
 * lead out of it) and the resolved commit sha.
 */
export async function fetchGitContext(source: GitContextSource, into: string, log: BuildLog): Promise<GitContext> {
  const refs = [source.branch, source.tag, source.commit].filter((r) => r !== undefined);
  if (refs.length > 1) throw new Error('give one of branch, tag or commit, not several');
  await mkdir(into, { recursive: true });
  const checkout = await realpath(into);
  const contextDir = insideCheckout(checkout, source.repoPath ?? '.');
  const shown = redactUrl(source.repo);
  const ref = source.branch ?? source.tag;
  log.line(`cloning ${shown}${ref ? ` at ${ref}` : source.commit ? ` at commit ${source.commit}` : ''}`);
  // a clone must fail rather than wait for a password nobody will type
  const git = simpleGit({ baseDir: checkout, allowEnvironment: ['GIT_TERMINAL_PROMPT'] }).env({ ...gitEnv(), GIT_TERMINAL_PROMPT: '0' });
  try {
    if (source.commit) {
      await git.clone(source.repo, checkout, ['--no-checkout', '--quiet']);
      await git.checkout(['--quiet', '--detach', source.commit]);
    } else {
      await git.clone(source.repo, checkout, ['--depth', '1', '--quiet', ...(ref ? ['--branch', ref] : [])]);
    }
  } catch (error) {
    throw new Error(`git clone of ${shown} failed: ${redactUrl(error instanceof Error ? error.message : String(error))}`);
  }
  const commit = (await git.revparse(['HEAD'])).trim();
  log.line(`checked out ${commit}`);
  const real = await realpath(contextDir).catch(() => {
    throw new Error(`repoPath ${source.repoPath ?? '.'} does not exist in ${shown}`);
  });
  insideCheckout(checkout, relative(checkout, real));
  if (!(await stat(real)).isDirectory()) throw new Error(`repoPath ${source.repoPath ?? '.'} is not a directory`);
  return { contextDir: real, commit };
}

const PASSED_TO_GIT = /^(PATH|HOME|LANG|LC_ALL|TMPDIR|SSL_CERT_FILE|SSL_CERT_DIR|(HTTPS?|NO|ALL)_PROXY|(https?|no|all)_proxy)$/;

/** What git may see of our environment: enough to run and reach a proxy, nothing simple-git guards. */
export function gitEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => PASSED_TO_GIT.test(e[0]) && e[1] !== undefined),
  );
}

/** Resolves `path` inside `root`, refusing one that leads out of it (`..`, absolute). */
export function insideCheckout(root: string, path: string): string {
  const full = resolve(root, path);
  const rel = relative(root, full);
  if (isAbsolute(path) || rel === '..' || rel.startsWith(`..${'/'}`) || isAbsolute(rel)) {
    throw new Error(`repoPath ${path} leads out of the checkout`);
  }
  return join(root, rel);
}

/**
 * Renders AppManager's `dockerfileTemplate` with `dockerfileTemplateArgs`: each `{{ NAME }}` is
 * replaced by its value; a name without a value is an error naming it.
 */
export function renderContainerfile(template: string, args: Record<string, string>): string {
  const missing = new Set<string>();
  const rendered = template.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g, (_, name: string) => {
    const value = Object.hasOwn(args, name) ? args[name] : undefined;
    if (value === undefined) missing.add(name);
    return value ?? '';
  });
  if (missing.size > 0) throw new Error(`dockerfileTemplate uses unknown argument(s): ${[...missing].join(', ')}`);
  return rendered;
}
