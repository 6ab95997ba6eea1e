// Signing in and out, and what survives a reload, a new tab and a deep link.
import { expect, navLink, signIn, test } from '../harness/fixtures';

test('sign in shows the organization; a reload stays signed in; a new tab asks again', async ({ page, context, server }) => {
  const me = await server.get('/me');
  await signIn(page, server);
  await expect(page.locator('.top-bar')).toContainText(me.name);

  await page.reload();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(page.locator('.top-bar')).toContainText(me.name);

  // sessionStorage belongs to the tab: a new tab (and a new browser session) starts signed out.
  const other = await context.newPage();
  await other.goto(`${server.url}/members`);
  await expect(other.getByLabel('Admin key')).toBeVisible();
  await expect(other.getByLabel('Admin key')).toHaveValue('');
  await expect(other.getByLabel('Base URL')).toHaveValue(server.url);
});

test('sign out forgets the key: a reload shows sign-in', async ({ page, server }) => {
  await signIn(page, server);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('Admin key')).toBeVisible();
  await expect(page.getByLabel('Admin key')).toHaveValue('');
  expect(await page.evaluate(() => JSON.stringify(sessionStorage))).not.toContain(server.adminKey);
  await page.reload();
  await expect(page.getByLabel('Admin key')).toBeVisible();
});

test('a wrong key is refused with a message, and what was typed stays', async ({ page, server }) => {
  await page.goto(`${server.url}/`);
  await page.getByLabel('Base URL').fill(server.url);
  await page.getByLabel('Admin key').fill('sk-ant-admin01-not-a-real-key');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText(/key/i);
  await expect(page.getByLabel('Admin key')).toHaveValue('sk-ant-admin01-not-a-real-key');
  await expect(page.getByLabel('Base URL')).toHaveValue(server.url);
});

test('an OAuth access token is sent as a Bearer token, never as x-api-key, and a refused one says so', async ({ page, server }) => {
  const token = 'oauth-access-token-not-accepted-here';
  const sent: Record<string, string>[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/v1/organizations/me')) sent.push(request.headers());
  });
  await page.goto(`${server.url}/`);
  await page.getByLabel('Base URL').fill(server.url);
  await page.getByLabel('Admin key or access token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('The access token was not accepted');
  expect(sent.length).toBeGreaterThan(0);
  for (const headers of sent) {
    expect(headers['authorization']).toBe(`Bearer ${token}`);
    expect(headers['x-api-key']).toBeUndefined();
  }
  // What was typed stays; an admin key afterwards goes as x-api-key again.
  await expect(page.getByLabel('Admin key or access token')).toHaveValue(token);
  sent.length = 0;
  await page.getByLabel('Admin key or access token').fill(server.adminKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  expect(sent[0]['x-api-key']).toBe(server.adminKey);
  expect(sent[0]['authorization']).toBeUndefined();
});

test('a deep link opens its page after sign-in, after a reload and from a fresh tab', async ({ page, context, server }) => {
  const workspaces = await server.all('/workspaces');
  const target = workspaces[1];
  const path = `workspaces/${target.id}`;

  await signIn(page, server, path);
  await expect(page).toHaveURL(`${server.url}/${path}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(target.name);

  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(target.name);

  const fresh = await context.newPage();
  await signIn(fresh, server, 'members?role=developer');
  await expect(fresh).toHaveURL(/\/members\?role=developer$/);
  await expect(navLink(fresh, 'Members')).toHaveAttribute('aria-current', 'page');
});
