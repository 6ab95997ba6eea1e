// The console through `admin-server proxy`, for an Admin API that refuses browsers: served by the
// proxy, signed in with only the key, every call to the proxy's own origin, and the upstream's
// answers (a write, a 429 with retry-after, a 401) passed through as they are.
import { expect, rows, test, toast } from '../harness/fixtures';
import { AdminProxy } from '../harness/server';

test.use({ serverOptions: { faults: true } });

test('through the proxy: sign in with only the key, read, write, a 429 waited out, a 401 back to sign-in', async ({ page, server }) => {
  const proxy = await AdminProxy.start(server.url);
  try {
    const calls: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/v1/')) calls.push(request.url());
    });

    // config.json points the console at the proxy's own origin: only the key is needed.
    await page.goto(`${proxy.url}/workspaces`);
    await expect(page.getByLabel('Base URL')).toHaveValue(proxy.url);
    await page.getByLabel('Admin key or access token').fill(server.adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(rows(page).first()).toBeVisible();

    // A write reaches the upstream.
    await page.getByLabel('Name', { exact: true }).fill('Made through the proxy');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await expect(toast(page, 'Created')).toBeVisible();
    expect((await server.all('/workspaces')).map((w) => w.name)).toContain('Made through the proxy');

    // The upstream's 429 and its retry-after come back: waited out, then the rows.
    const list = '/v1/organizations/users';
    await server.forgetRequests();
    await server.setFaults([{ path: list, method: 'GET', status: 429, retry_after: 1, times: 1 }]);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Members', exact: true }).click();
    await expect(page.getByText('The server asked to slow down: trying again in 1 s')).toBeVisible();
    await expect(rows(page).first()).toBeVisible({ timeout: 10_000 });
    await expect
      .poll(async () => (await server.seenRequests()).filter((r) => r.path === list).map((r) => r.status), { timeout: 10_000 })
      .toEqual([429, 200]);

    // The upstream's 401: back to sign-in, saying why.
    await server.setFaults([{ path: list, method: 'GET', status: 401, times: 1 }]);
    await page.reload();
    await expect(page.locator('.sign-in [role=status]')).toContainText(/sign in again/i);

    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((url) => !url.startsWith(`${proxy.url}/`))).toEqual([]);
  } finally {
    await proxy.dispose();
  }
});
