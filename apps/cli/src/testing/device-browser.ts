/**
 * A user at a browser, for the device flow: follows redirects, keeps cookies, and submits the page's form
 * (its hidden inputs plus what the user types). No JavaScript: oidc-provider's auto-submit page works without.
 */
export class DeviceBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly origin: string) {}

  /** GET `url`, following redirects; the final page's HTML. */
  async open(url: string): Promise<{ status: number; html: string }> {
    return this.follow(await this.send(url, { method: 'GET' }));
  }

  /** Submits the first form of `html` (`extra` fields added); the page it leads to. */
  async submit(html: string, extra: Record<string, string> = {}): Promise<{ status: number; html: string }> {
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no form on the page:\n${html.slice(0, 500)}`);
    const fields = new URLSearchParams();
    for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/?>/g)) fields.set(match[1]!, match[2]!);
    for (const [name, value] of Object.entries(extra)) fields.set(name, value);
    const response = await this.send(new URL(action.replaceAll('&amp;', '&'), this.origin).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: fields.toString(),
    });
    return this.follow(response);
  }

  private async follow(response: Response): Promise<{ status: number; html: string }> {
    for (let hops = 0; response.status >= 300 && response.status < 400; hops++) {
      if (hops > 10) throw new Error('too many redirects');
      response = await this.send(new URL(response.headers.get('location')!, this.origin).href, { method: 'GET' });
    }
    return { status: response.status, html: await response.text() };
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    // pages name the issuer by the host they were asked on: stay on the one origin the cookies belong to
    const target = new URL(url);
    const local = new URL(`${target.pathname}${target.search}`, this.origin);
    const headers = new Headers(init.headers);
    headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(local, { ...init, headers, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (value) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
    return response;
  }
}
