// The active workspace (switcher, ?workspace=, unknown and archived ids) and a workspace's
// membership: add through the picker, change a role, remove, inherited members locked.
import { expect, rows, signIn, test, toast } from '../harness/fixtures';
import type { Page } from '@playwright/test';

function switcherButton(page: Page) {
  return page.getByRole('button', { name: /^Active workspace:/ });
}

test('the switcher lists active workspaces, searches, marks the active one and switches', async ({ page, server }) => {
  const workspaces = await server.all('/workspaces');
  const [first, second] = workspaces;
  await signIn(page, server, 'workspace');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(first.name);
  await expect(switcherButton(page)).toContainText(first.name);

  await switcherButton(page).click();
  const list = page.getByRole('list', { name: 'Workspaces' });
  await expect(list.getByRole('button')).toHaveCount(workspaces.length);
  await expect(list.getByRole('button', { name: first.name })).toHaveAttribute('aria-current', 'true');
  await page.getByLabel('Search workspaces').fill(second.name.slice(0, 4).toLowerCase());
  await expect(list.getByRole('button', { name: second.name })).toBeVisible();
  await list.getByRole('button', { name: second.name }).click();

  await expect(switcherButton(page)).toContainText(second.name);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(second.name);
  // The choice belongs to this tab: a reload keeps it.
  await page.reload();
  await expect(switcherButton(page)).toContainText(second.name);
});

test('?workspace= chooses the active workspace; unknown and archived ids say so and fall back', async ({ page, server }) => {
  const all = await server.all('/workspaces?include_archived=true');
  const active = all.filter((w) => !w.archived_at);
  const archived = all.find((w) => w.archived_at)!;
  const third = active[2];
  await signIn(page, server, `workspace?workspace=${third.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(third.name);

  await page.goto(`${server.url}/workspace?workspace=wrkspc_00000000000000000000nope`);
  await expect(page.getByText('that this organization does not have')).toBeVisible();
  await expect(switcherButton(page)).toContainText(third.name);

  await page.goto(`${server.url}/workspace?workspace=${archived.id}`);
  await expect(page.getByText(`The workspace “${archived.name}” in the link is archived`)).toBeVisible();
  await expect(switcherButton(page)).not.toContainText(archived.name);
});

test('add a member through the picker, change their role, remove them', async ({ page, server }) => {
  const workspace = (await server.all('/workspaces'))[0];
  const members = new Set((await server.all(`/workspaces/${workspace.id}/members`)).map((m) => m.user_id));
  const outsider = (await server.all('/users')).find((u) => !members.has(u.id) && u.role !== 'admin' && u.role !== 'billing')!;
  const insider = (await server.all('/users')).find((u) => members.has(u.id) && u.role === 'user');

  await signIn(page, server, `workspaces/${workspace.id}`);
  const search = page.getByLabel('Find a person by name or email');
  const results = page.getByRole('list', { name: 'Matching people' });
  if (insider) {
    // Current members are left out of the picker.
    await search.fill(insider.email);
    await expect(page.getByText('Nobody outside this workspace matches.')).toBeVisible();
  }
  await search.fill(outsider.email.toUpperCase());
  await expect(results.getByRole('button')).toHaveCount(1);
  await search.fill(outsider.name.split(' ')[0].toLowerCase());
  await results.getByRole('button', { name: `${outsider.name} (${outsider.email})` }).click();
  await expect(page.getByText(`Selected: ${outsider.name}`)).toBeVisible();
  await page.locator('form.add-member').getByRole('combobox').selectOption('workspace_developer');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(toast(page, `Added ${outsider.name} to “${workspace.name}” as Developer.`)).toBeVisible();
  expect((await server.get(`/workspaces/${workspace.id}/members/${outsider.id}`)).workspace_role).toBe('workspace_developer');

  const row = rows(page).filter({ hasText: outsider.email });
  await row.getByRole('combobox', { name: `Workspace role of ${outsider.name}`, exact: true }).selectOption('workspace_admin');
  await row.getByRole('button', { name: `Save workspace role of ${outsider.name}` }).click();
  await expect(toast(page, `${outsider.name} is now Admin in “${workspace.name}”.`)).toBeVisible();
  expect((await server.get(`/workspaces/${workspace.id}/members/${outsider.id}`)).workspace_role).toBe('workspace_admin');

  await row.getByRole('button', { name: `Remove ${outsider.name}` }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`Remove ${outsider.name} from “${workspace.name}”?`);
  await dialog.getByRole('button', { name: `Remove ${outsider.name}` }).click();
  await expect(toast(page, `Removed ${outsider.name} from “${workspace.name}”.`)).toBeVisible();
  expect((await server.api('GET', `/workspaces/${workspace.id}/members/${outsider.id}`)).status).toBe(404);
  await expect(rows(page).filter({ hasText: outsider.email })).toHaveCount(0);
});

test('inherited members are shown locked with why', async ({ page, server }) => {
  const workspace = (await server.all('/workspaces'))[0];
  const users = await server.all('/users');
  const admin = users.find((u) => u.role === 'admin')!;
  const billing = users.find((u) => u.role === 'billing')!;
  await signIn(page, server, `workspaces/${workspace.id}`);
  const adminRow = rows(page).filter({ hasText: admin.email });
  await expect(adminRow).toContainText('admins and owners are workspace admins everywhere');
  await expect(adminRow.getByRole('button')).toHaveCount(0);
  await expect(adminRow.getByRole('combobox')).toHaveCount(0);
  const billingRow = rows(page).filter({ hasText: billing.email });
  await expect(billingRow).toContainText('billing members are in every workspace');
  await expect(billingRow.getByRole('button', { name: /^Remove/ })).toHaveCount(0);
});
