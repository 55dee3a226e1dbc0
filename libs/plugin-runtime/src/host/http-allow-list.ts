/**
 * True when `url` is under one of the allowed prefixes: same scheme, host and port, and a path that
 * starts with the prefix's path at a segment boundary. Compared after URL parsing, so
 * `https://api.example.com.evil.test/` and `https://api.example.com@evil.test/` do not pass.
 */
export function isUrlAllowed(url: string, allow: readonly string[]): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') return false;
  if (target.username !== '' || target.password !== '') return false;
  return allow.some((prefix) => {
    let allowed: URL;
    try {
      allowed = new URL(prefix);
    } catch {
      return false;
    }
    if (allowed.origin !== target.origin) return false;
    const base = allowed.pathname.endsWith('/') ? allowed.pathname : `${allowed.pathname}/`;
    return target.pathname === allowed.pathname || target.pathname.startsWith(base);
  });
}
