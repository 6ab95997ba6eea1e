// Faults, page by page, forced with the server's test fault mode: 401 mid-session, 403 with a
// read-only key, 404 for an object gone behind the console's back, 409 on a duplicate, 429
// waited out, 500, a slow answer, malformed JSON, and the server stopped. Each must give a clear
// message, no panic or console error (the fixture fails the test on one), and keep what was typed.
import { expect, rows, signIn, signOut, test, toast } from '../harness/fixtures';
import type { ReferenceServer } from '../harness/server';
import type { Locator, Page } from '@playwright/test';

test.use({ serverOptions: { faults: true } });

const API = '/v1/organizations';

/** Goes to `path` inside the console, as a link would: no page load. */
async function goInApp(page: Page, path: string) {
  await page.evaluate((url) => {
    history.pushState(null, '', url);
    dispatchEvent(new PopStateEvent('popstate'));
  }, `/${path}`);
}

/** Leaves the page at `path` and goes back to it after a second. Gone back to, a page shows its
 * cached rows and asks again behind them once they are a second old: a fault meets that request,
 * and its error replaces the rows. */
async function reopen(page: Page, path: string) {
  await goInApp(page, 'nowhere');
  await page.waitForTimeout(1_100);
  await goInApp(page, path);
}

interface PageCase {
  name: string;
  /** The page's path below the console's root. */
  path: (server: ReferenceServer) => Promise<string>;
  /** The list request the page makes (a path prefix). */
  list: (server: ReferenceServer) => Promise<string>;
  /** Visible once the page has its data. */
  loaded: (page: Page) => Locator;
}

const firstWorkspace = async (server: ReferenceServer) => (await server.all('/workspaces'))[0].id as string;

const PAGES: PageCase[] = [
  { name: 'Overview', path: async () => '', list: async () => `${API}/users`, loaded: (page) => page.locator('.stats .stat-number').filter({ hasText: /^\d+$/ }).nth(3) },
  { name: 'Members', path: async () => 'members', list: async () => `${API}/users`, loaded: (page) => rows(page).first() },
  { name: 'Invites', path: async () => 'invites', list: async () => `${API}/invites`, loaded: (page) => rows(page).first() },
  { name: 'Workspaces', path: async () => 'workspaces', list: async () => `${API}/workspaces`, loaded: (page) => rows(page).first() },
  {
    name: 'Workspace members',
    path: async (server) => `workspaces/${await firstWorkspace(server)}`,
    list: async (server) => `${API}/workspaces/${await firstWorkspace(server)}/members`,
    loaded: (page) => rows(page).first(),
  },
  { name: 'API keys', path: async () => 'api-keys', list: async () => `${API}/api_keys`, loaded: (page) => rows(page).first() },
];

for (const p of PAGES) {
  test(`${p.name}: 500, malformed JSON, a slow answer, 429, 401 mid-session and a stopped server on its reads`, async ({ page, server }) => {
    const path = await p.path(server);
    const list = await p.list(server);
    await signIn(page, server, path);
    await expect(p.loaded(page)).toBeVisible();
    const error = page.locator('main [role=alert]').first();

    // 500 every time: after its retries, the error with the server's message and request id.
    await server.setFaults([{ path: list, method: 'GET', status: 500 }]);
    await reopen(page, path);
    await expect(error).toContainText('Forced by the test fault mode', { timeout: 15_000 });
    await expect(error).toContainText(/Request id: req_/);
    await server.setFaults([]);
    await error.getByRole('button', { name: 'Retry' }).click();
    await expect(p.loaded(page)).toBeVisible();

    // Malformed JSON: a clear error, then Retry works.
    await server.setFaults([{ path: list, method: 'GET', malformed: true }]);
    await reopen(page, path);
    await expect(error).toContainText('not in the form of the Admin API');
    await server.setFaults([]);
    await error.getByRole('button', { name: 'Retry' }).click();
    await expect(p.loaded(page)).toBeVisible();

    // Slow: the loading state shows, then the data. (A page gone back to shows its cached rows
    // while it asks again, so the slow answer is a first one: a reload starts a new cache.)
    // Every request to the list's path is slow until the loading state has been seen: on the
    // Workspaces page the switcher's read of every workspace shares the path, and either may go first.
    await server.setFaults([{ path: list, method: 'GET', delay_ms: 2500 }]);
    await page.reload();
    await expect(page.locator('main [aria-busy="true"], main .loading').first()).toBeVisible();
    await server.setFaults([]);
    await expect(p.loaded(page)).toBeVisible({ timeout: 10_000 });

    // 429: the console says it is waiting, waits as told, and gets the data.
    await server.forgetRequests();
    await server.setFaults([{ path: list, method: 'GET', status: 429, retry_after: 2, times: 1 }]);
    await reopen(page, path);
    await expect(page.getByText('The server asked to slow down')).toBeVisible();
    await expect(p.loaded(page)).toBeVisible({ timeout: 10_000 });
    // The cached rows stay on screen meanwhile, so wait for the retry itself.
    await expect
      .poll(async () => (await server.seenRequests()).filter((r) => r.path.startsWith(list)).map((r) => r.status).slice(0, 2), { timeout: 10_000 })
      .toEqual([429, 200]);

    // The server stopped: a clear message; once it is back, Retry works.
    await server.stop();
    await reopen(page, path);
    await expect(error).toContainText(/reach|answer|network|connect/i, { timeout: 15_000 });
    await server.launch();
    // (The overview retries each of its numbers on its own.)
    const retries = page.locator('main').getByRole('button', { name: 'Retry' });
    for (let left = await retries.count(); left > 0; left--) {
      await retries.first().click();
      await expect(retries).toHaveCount(left - 1);
    }
    await expect(p.loaded(page)).toBeVisible();

    // 401 mid-session: back to sign-in with the reason, and after signing in, the same page.
    await server.setFaults([{ path: list, method: 'GET', status: 401, times: 1 }]);
    await reopen(page, path);
    await expect(page.getByLabel('Admin key')).toBeVisible();
    await expect(page.locator('.sign-in [role=status]')).toContainText(/sign in again/i);
    await page.getByLabel('Admin key').fill(server.adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(p.loaded(page)).toBeVisible();
    expect(page.url()).toBe(`${server.url}/${path}`);
  });
}

/** A write of a page: it types or chooses, sends, and says which request it made and how to
 * see that what the user entered is still there. */
interface WriteCase {
  name: string;
  path: string;
  act: (page: Page, server: ReferenceServer) => Promise<{ written: string; kept: () => Promise<void> }>;
}

const WRITES: WriteCase[] = [
  {
    name: 'Members',
    path: 'members?role=user',
    act: async (page) => {
      const row = rows(page).first();
      const who = (await row.locator('td:not(.select)').first().textContent())!.trim();
      const picker = page.getByRole('combobox', { name: `Role of ${who}`, exact: true });
      await picker.selectOption('developer');
      await page.getByRole('button', { name: `Save role of ${who}` }).click();
      return { written: `${API}/users/`, kept: () => expect(picker).toHaveValue('developer') };
    },
  },
  {
    name: 'Invites',
    path: 'invites',
    act: async (page) => {
      await page.getByLabel('Emails').fill('kept.address@example.com');
      await page.getByRole('button', { name: 'Invite', exact: true }).click();
      return { written: `${API}/invites`, kept: () => expect(page.getByLabel('Emails')).toHaveValue('kept.address@example.com') };
    },
  },
  {
    name: 'Workspaces',
    path: 'workspaces',
    act: async (page) => {
      await page.getByLabel('Name', { exact: true }).fill('Kept name');
      await page.getByRole('button', { name: 'Create workspace' }).click();
      return { written: `${API}/workspaces`, kept: () => expect(page.getByLabel('Name', { exact: true })).toHaveValue('Kept name') };
    },
  },
  {
    name: 'Workspace members',
    path: 'workspace',
    act: async (page, server) => {
      const workspace = (await server.all('/workspaces'))[0];
      const members = new Set((await server.all(`/workspaces/${workspace.id}/members`)).map((m) => m.user_id));
      const outsider = (await server.all('/users')).find((u) => !members.has(u.id) && u.role === 'user')!;
      await page.getByLabel('Find a person by name or email').fill(outsider.email);
      await page.getByRole('list', { name: 'Matching people' }).getByRole('button').click();
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      return {
        written: `${API}/workspaces/${workspace.id}/members`,
        kept: () => expect(page.getByText(`Selected: ${outsider.name}`)).toBeVisible(),
      };
    },
  },
  {
    name: 'Workspace member role',
    path: 'workspace',
    act: async (page) => {
      const picker = page.getByRole('combobox', { name: /^Workspace role of / }).first();
      const who = (await picker.getAttribute('aria-label'))!.replace('Workspace role of ', '');
      const chosen = (await picker.inputValue()) === 'workspace_developer' ? 'workspace_user' : 'workspace_developer';
      await picker.selectOption(chosen);
      await page.getByRole('button', { name: `Save workspace role of ${who}` }).click();
      return { written: `${API}/workspaces/`, kept: () => expect(picker).toHaveValue(chosen) };
    },
  },
  {
    name: 'API keys',
    path: 'api-keys?status=active',
    act: async (page, server) => {
      const key = (await server.all('/api_keys?status=active'))[0];
      await page.getByRole('button', { name: `Rename “${key.name}”` }).click();
      await page.getByLabel(`New name for “${key.name}”`).fill('Kept key name');
      await page.getByLabel(`New name for “${key.name}”`).press('Enter');
      return {
        written: `${API}/api_keys/${key.id}`,
        kept: () => expect(page.getByLabel(`New name for “${key.name}”`)).toHaveValue('Kept key name'),
      };
    },
  },
];

for (const w of WRITES) {
  test(`${w.name}: a write refused (403 read-only), failing (500, not sent again) or rate limited (429, waited out)`, async ({ page, server }) => {
    const saysSo = (text: string) => toast(page, text).or(page.getByRole('alert').filter({ hasText: text })).first();

    // 403: a read-only key may read, not write; it stays signed in and the input stays.
    await signIn(page, server, w.path, server.readOnlyKey);
    let sent = await w.act(page, server);
    await expect(saysSo('may not make this change')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await sent.kept();
    // The refused write is in the journal: signing out asks before it clears it.
    await signOut(page);

    // 500 on the write: a message, the input kept, and the write sent once (never retried).
    await signIn(page, server, w.path);
    await server.forgetRequests();
    await server.setFaults([{ path: '/v1/', method: 'POST', status: 500 }]);
    sent = await w.act(page, server);
    await expect(saysSo('Forced by the test fault mode')).toBeVisible();
    await sent.kept();
    await page.waitForTimeout(1500); // long enough for a retry to have been sent, were there one
    expect((await server.seenRequests()).filter((r) => r.method === 'POST' && r.path.startsWith(sent.written))).toHaveLength(1);

    // 429 on the write: waited out, then done once.
    await server.forgetRequests();
    await server.setFaults([{ path: '/v1/', method: 'POST', status: 429, retry_after: 1, times: 1 }]);
    await page.reload();
    sent = await w.act(page, server);
    await expect(toast(page, /invited|Created|Renamed|is now|Added/)).toBeVisible({ timeout: 10_000 });
    const posts = (await server.seenRequests()).filter((r) => r.method === 'POST' && r.path.startsWith(sent.written));
    expect(posts.map((r) => r.status)).toEqual([429, 200]);
  });
}

test('Members: removing someone already removed elsewhere (404) says so, and the list recovers', async ({ page, server }) => {
  const member = (await server.all('/users')).find((u) => u.role === 'developer')!;
  await signIn(page, server, `members?email=${encodeURIComponent(member.email)}`);
  await expect(rows(page)).toHaveCount(1);
  expect((await server.api('DELETE', `/users/${member.id}`)).status).toBe(200);
  await page.getByRole('button', { name: `Remove ${member.name} (${member.email})` }).click();
  await page.getByRole('dialog').getByRole('button', { name: `Remove ${member.name}` }).click();
  await expect(toast(page, /not found|no user|does not exist/i)).toBeVisible();
  await page.reload();
  await expect(page.getByText('No member matches these filters')).toBeVisible();
});

test('Workspace members: adding someone added meanwhile (409) and removing someone removed meanwhile (404)', async ({ page, server }) => {
  const workspace = (await server.all('/workspaces'))[0];
  const members = new Set((await server.all(`/workspaces/${workspace.id}/members`)).map((m) => m.user_id));
  const [first, second] = (await server.all('/users')).filter((u) => !members.has(u.id) && u.role === 'user');
  await server.post(`/workspaces/${workspace.id}/members`, { user_id: second.id, workspace_role: 'workspace_user' });
  await signIn(page, server, `workspaces/${workspace.id}?limit=100`);

  // The picker still offers `first`; someone else adds them before we do.
  await page.getByLabel('Find a person by name or email').fill(first.email);
  await page.getByRole('list', { name: 'Matching people' }).getByRole('button').click();
  await server.post(`/workspaces/${workspace.id}/members`, { user_id: first.id, workspace_role: 'workspace_user' });
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(toast(page, `${first.name} was not added`)).toBeVisible();
  await expect(toast(page, `${first.name} was not added`)).toContainText(/already/i);

  // `second` is removed behind the console's back, then removed here.
  expect((await server.api('DELETE', `/workspaces/${workspace.id}/members/${second.id}`)).status).toBe(200);
  await rows(page).filter({ hasText: second.email }).getByRole('button', { name: `Remove ${second.name}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: `Remove ${second.name}` }).click();
  await expect(toast(page, `${second.name} was not removed`)).toBeVisible();
});

test('Invites: a duplicate (409) is reported per email and stays in the box; an invite deleted elsewhere says so', async ({ page, server }) => {
  const pending = (await server.all('/invites?statuses[]=pending'))[0];
  await signIn(page, server, 'invites?status=pending');
  await page.getByLabel('Emails').fill(pending.email);
  await page.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(toast(page, `${pending.email} was not invited`)).toBeVisible();
  await expect(page.getByLabel('Emails')).toHaveValue(pending.email);

  expect((await server.api('DELETE', `/invites/${pending.id}`)).status).toBe(200);
  await page.getByRole('button', { name: `Delete the invite for ${pending.email}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: `Delete the invite for ${pending.email}` }).click();
  await expect(toast(page, /pending/i)).toBeVisible();
});

test('API keys and Workspaces: an object gone (404) gives a clear message and the typed name stays', async ({ page, server }) => {
  const key = (await server.all('/api_keys?status=active'))[0];
  await server.setFaults([{ path: `${API}/api_keys/${key.id}`, method: 'POST', status: 404 }]);
  await signIn(page, server, 'api-keys?status=active');
  await page.getByRole('button', { name: `Rename “${key.name}”` }).click();
  await page.getByLabel(`New name for “${key.name}”`).fill('Gone key');
  await page.getByLabel(`New name for “${key.name}”`).press('Enter');
  await expect(toast(page, `“${key.name}” was not changed`)).toBeVisible();
  await expect(page.getByLabel(`New name for “${key.name}”`)).toHaveValue('Gone key');

  const workspace = (await server.all('/workspaces'))[0];
  await server.setFaults([{ path: `${API}/workspaces/${workspace.id}`, method: 'POST', status: 404 }]);
  await page.goto(`${server.url}/workspaces`);
  await page.getByRole('button', { name: `Rename ${workspace.name}` }).click();
  await page.getByLabel(`New name for ${workspace.name}`).fill('Gone workspace');
  await page.getByLabel(`New name for ${workspace.name}`).press('Enter');
  await expect(toast(page, `Could not rename “${workspace.name}”`)).toBeVisible();
  await expect(page.getByLabel(`New name for ${workspace.name}`)).toHaveValue('Gone workspace');
});

test("the real API's own failures on Members: 529 and 504 retried like a 5xx, 429 without retry-after waited out and said, 402 explained", async ({ page, server }) => {
  const list = `${API}/users`;
  await signIn(page, server, 'members');
  await expect(rows(page).first()).toBeVisible();
  const statuses = async () => (await server.seenRequests()).filter((r) => r.path.startsWith(list)).map((r) => r.status);

  // Overloaded, then timed out upstream: each read is tried again and the rows come.
  await server.forgetRequests();
  await server.setFaults([
    { path: list, method: 'GET', status: 529, times: 1 },
    { path: list, method: 'GET', status: 504, times: 1 },
  ]);
  await reopen(page, 'members');
  await expect.poll(statuses, { timeout: 10_000 }).toEqual([529, 504, 200]);
  await expect(rows(page).first()).toBeVisible();

  // A 429 that does not say how long (a spend cap): a short wait, said as such, then the rows.
  await server.forgetRequests();
  await server.setFaults([{ path: list, method: 'GET', status: 429, retry_after: 0, times: 1 }]);
  await reopen(page, 'members');
  await expect(page.getByText('The server asked to slow down without saying for how long')).toBeVisible();
  await expect.poll(statuses, { timeout: 15_000 }).toEqual([429, 200]);

  // 402: not retried, and the message says what is wrong.
  await server.setFaults([{ path: list, method: 'GET', status: 402 }]);
  await reopen(page, 'members');
  await expect(page.locator('main [role=alert]').first()).toContainText('billing problem', { timeout: 10_000 });
  await server.setFaults([]);
});
