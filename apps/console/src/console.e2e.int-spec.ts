import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium, screenshot, signIn } from './testing/browser.js';
import { demoApplication, gatedApplication } from './testing/applications.js';
import { startConsoleTestBed, type ConsoleTestBed } from './testing/console-test-bed.js';

describe('the web console in chromium, in front of a platform of its own (issuer, NATS, Postgres, cluster-sim, every service)', () => {
  let bed: ConsoleTestBed;
  let browser: Browser;
  let page: Page;
  let shopDeployment: string;

  before(async () => {
    bed = await startConsoleTestBed({ podReadyDelayMs: 2500 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  });

  after(async () => {
    await browser?.close();
    if (process.env['CONSOLE_TEST_LOG'] && bed) console.log(bed.console.output());
    await bed?.close();
  });

  /** Launches through the console's proxy, as the signed-in user (the token the browser holds). */
  const launch = (appId: string, configuration: unknown) =>
    page.evaluate(
      async ([appId, configuration]) => {
        const token = (JSON.parse(sessionStorage.getItem('am.console.session') ?? '{}') as { accessToken?: string }).accessToken;
        const response = await fetch('/api/deploy/v1/deployments', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ appId, configuration }),
        });
        return { status: response.status, body: (await response.json()) as { id?: string } };
      },
      [appId, configuration] as const,
    );
  const state = () => page.getByTestId('deployment-state');

  it("signs the demo admin in on the issuer's login page (authorization code + PKCE) and names them", async () => {
    await signIn(page, bed.console.url, 'admin', bed.passwords['admin']!);
    await page.getByTestId('who').filter({ hasText: 'roles: admin' }).waitFor();
    await page.getByRole('heading', { name: 'Applications' }).waitFor();
    assert.equal(await page.getByText('No application was deployed yet.').count(), 1);
    await screenshot(page, '01-signed-in');
  });

  it("shows the demo application's DAG reaching SUCCESS, node by node, as the server pushes each change", async () => {
    const launched = await launch('shop', demoApplication());
    assert.equal(launched.status, 202, JSON.stringify(launched.body));
    shopDeployment = launched.body.id!;
    await page.goto(`${bed.console.url}/#/deployments/${shopDeployment}`);
    await state().filter({ hasText: 'SUCCESS' }).waitFor({ timeout: 90_000 });
    for (const node of ['k8s-objects|settings', 'microservice|web'])
      assert.equal(await page.locator(`[data-node="${node}"]`).getAttribute('data-state'), 'SUCCESS', node);
    const pushed = Number(/(\d+) live updates/.exec((await page.getByTestId('live-events').textContent()) ?? '')?.[1]);
    assert.ok(pushed >= 2, `the page was updated by pushed events (${pushed})`);
    assert.match((await page.locator('.legend').textContent()) ?? '', /settings.*→.*web/);
    await page.locator('[data-node="microservice|web"]').click();
    const panel = page.getByRole('complementary', { name: 'node microservice|web' });
    await panel.getByText('RUNNING → SUCCESS').waitFor();
    await screenshot(page, '02-deployment-success');
  });

  it('suspends a running deployment and resumes it with the buttons the admin role shows', async () => {
    const launched = await launch('checkout', gatedApplication('checkout'));
    assert.equal(launched.status, 202, JSON.stringify(launched.body));
    await page.goto(`${bed.console.url}/#/deployments/${launched.body.id}`);
    await state()
      .filter({ hasText: /^RUNNING$/ })
      .waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Suspend' }).click();
    await state().filter({ hasText: 'SUSPENDED' }).waitFor({ timeout: 30_000 });
    await page.getByText('suspended by an operator').first().waitFor();
    assert.equal(await page.getByRole('button', { name: 'Suspend' }).count(), 0, 'no Suspend on a suspended deployment');
    await screenshot(page, '03-suspended');
    await page.getByRole('button', { name: 'Resume' }).click();
    await state().filter({ hasText: 'SUCCESS' }).waitFor({ timeout: 60_000 });
    const steps = await page.getByRole('list', { name: 'workflow steps' }).textContent();
    assert.match(steps ?? '', /first: SUCCESS.*second: SUCCESS/);
  });

  it('shows a viewer the deployment without any operation button', async () => {
    const viewer = await browser.newPage();
    try {
      await signIn(viewer, bed.console.url, 'viewer', bed.passwords['viewer']!);
      await viewer.goto(`${bed.console.url}/#/deployments/${shopDeployment}`);
      await viewer.getByTestId('deployment-state').filter({ hasText: 'SUCCESS' }).waitFor();
      assert.equal(await viewer.locator('.operations button').count(), 0);
    } finally {
      await viewer.close();
    }
  });

  it('turns the app instance red when its pod crash-loops, and puts its stage first on the fleet page', async () => {
    await page.goto(`${bed.console.url}/#/`);
    const shop = page.locator('tr[data-app="shop"] [data-instance="sim-1"] .badge');
    await shop.filter({ hasText: 'RUNNING' }).waitFor({ timeout: 60_000 });
    await screenshot(page, '04-applications-running');
    const pods = JSON.parse(await bed.kubectl('sim-1', ['get', 'pods', '-n', 'shop', '-o', 'json'])) as {
      items: { metadata: { name: string } }[];
    };
    const web = pods.items.map((p) => p.metadata.name).find((name) => name.includes('shop-web'));
    assert.ok(web, `a pod of shop's web among ${pods.items.map((p) => p.metadata.name).join(', ')}`);
    await bed.kubectl('sim-1', ['annotate', 'pod', web, '-n', 'shop', 'cluster-sim.appmanager.dev/crash-loop=true']);
    // the sensor reads a crash-looping pod as UPDATING ("0/1 replicas ready"); with no deployment under way, that is unhealthy
    await page.locator('tr[data-app="shop"] [data-instance="sim-1"] .badge[data-health="unhealthy"]').waitFor({ timeout: 60_000 });
    assert.match(
      (await page.locator('tr[data-app="shop"] [data-instance="sim-1"]').textContent()) ?? '',
      /unhealthy: microservice\|web UPDATING/,
    );
    const colour = await page.evaluate(
      `getComputedStyle(document.querySelector('tr[data-app="shop"] [data-instance="sim-1"] .badge')).backgroundColor`,
    );
    assert.equal(colour, 'rgb(217, 48, 37)', 'red');
    await screenshot(page, '05-applications-broken-pod');
    await page.goto(`${bed.console.url}/#/fleet`);
    const first = page.locator('.group').first();
    await first.getByText('1 unhealthy').waitFor();
    assert.match((await first.locator('h2').textContent()) ?? '', /unit local · stage dev/);
    await screenshot(page, '06-fleet');
  });

  it('lists plug-ins, add-ons and packages from their own services', async () => {
    for (const [hash, heading] of [
      ['#/plugins', 'Plug-ins'],
      ['#/addons', 'Add-on instances'],
      ['#/packages', 'Packages (component builds)'],
    ] as const) {
      await page.goto(`${bed.console.url}/${hash}`);
      await page.getByRole('heading', { name: heading }).waitFor();
      await page.locator('table, p:text("Nothing here yet.")').first().waitFor();
      assert.equal(await page.getByRole('alert').count(), 0, `${heading}: ${await page.getByRole('alert').allTextContents()}`);
    }
    await page.goto(`${bed.console.url}/#/plugins`);
    await page.locator('table, p:text("Nothing here yet.")').first().waitFor();
    await screenshot(page, '07-plugins');
  });
});
