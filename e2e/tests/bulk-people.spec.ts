// Bulk changes to people: members selected across two pages given a new role, stale invites
// deleted and invited again, and a workspace's members added many at once, re-roled and
// removed, each plan applied through the batch panel and checked against the server's data.
import { expect, rows, signIn, test } from '../harness/fixtures';
import type { Page } from '@playwright/test';

/** The selection bar above a list. */
const selectionBar = (page: Page) => page.getByRole('group', { name: 'Selection' });

/** Ticks the row checkbox of `name`. */
async function choose(page: Page, name: string) {
  await page.getByRole('checkbox', { name: `Select “${name}”`, exact: true }).check();
}

test('members chosen across two pages get a new role; admins cannot be chosen, and say why', async ({ page, server }) => {
  await signIn(page, server, 'members?limit=20');
  await expect.poll(() => rows(page).count()).toBe(20);
  const firstPage = (await server.get('/users?limit=20')).data;
  const secondPage = (await server.get(`/users?limit=20&after_id=${firstPage[19].id}`)).data;
  const admin = firstPage.find((u: any) => u.role === 'admin');
  expect(admin, 'the demo has an admin on its first page').toBeTruthy();
  await expect(
    page.getByRole('checkbox', {
      name: `“${admin.name}” cannot be selected: Admins keep their role: the Admin API cannot change or remove an admin`,
    }),
  ).toBeDisabled();

  const pick = (list: any[]) => list.filter((u) => u.role === 'user' || u.role === 'developer').slice(0, 2);
  const chosen = [...pick(firstPage), ...pick(secondPage)];
  expect(chosen.length).toBe(4);
  for (const user of chosen.slice(0, 2)) await choose(page, user.name);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/after_id=/);
  for (const user of chosen.slice(2)) await choose(page, user.name);
  await expect(selectionBar(page).getByRole('status')).toHaveText('4 selected');

  await selectionBar(page).getByRole('combobox', { name: 'New role' }).selectOption('claude_code_user');
  await selectionBar(page).getByRole('button', { name: 'Change role', exact: true }).click();
  const title = 'Change the role of 4 members to Claude Code user';
  const panel = page.getByRole('region', { name: title });
  await expect(panel.getByRole('listitem')).toHaveCount(4);
  await panel.getByRole('button', { name: title }).click();
  await expect(panel.getByRole('status')).toHaveText('4 done');
  for (const user of chosen) {
    expect((await server.get(`/users/${user.id}`)).role).toBe('claude_code_user');
  }
  // The list was asked again: the rows show the new role.
  await expect(rows(page).filter({ hasText: chosen[2].email }).getByRole('combobox')).toHaveValue('claude_code_user');
});

test('stale invites: expired ones invited again, pending ones deleted after the confirmation', async ({ page, server }) => {
  const before = await server.all('/invites');
  const expired = before.filter((i) => i.status === 'expired');
  const pending = before.filter((i) => i.status === 'pending');
  expect(expired.length).toBeGreaterThan(1);
  expect(pending.length).toBeGreaterThan(1);
  await signIn(page, server, 'invites');
  const accepted = before.find((i) => i.status === 'accepted');
  await expect(
    page.getByRole('checkbox', { name: `“${accepted.email}” cannot be selected: accepted invites are members now` }),
  ).toBeDisabled();

  // Expired: invited again (a new pending invite each, same role).
  for (const invite of expired.slice(0, 2)) await choose(page, invite.email);
  await selectionBar(page).getByRole('button', { name: 'Invite again', exact: true }).click();
  let panel = page.getByRole('region', { name: 'Invite 2 people again' });
  await panel.getByRole('button', { name: 'Invite 2 people again' }).click();
  await expect(panel.getByRole('status')).toHaveText('2 done');
  const after = await server.all('/invites?statuses[]=pending');
  for (const invite of expired.slice(0, 2)) {
    expect(after.some((i) => i.email === invite.email && i.role === invite.role && i.id !== invite.id)).toBe(true);
  }
  await panel.getByRole('button', { name: 'Close' }).click();

  // Pending and one expired: the plan deletes the pending ones and skips the expired one.
  const toDelete = pending.slice(0, 2);
  for (const invite of toDelete) await choose(page, invite.email);
  await choose(page, expired[expired.length - 1].email);
  await selectionBar(page).getByRole('button', { name: 'Delete', exact: true }).click();
  panel = page.getByRole('region', { name: 'Delete 3 invites' });
  await expect(panel).toContainText('3 items: 2 will be changed, 1 skipped.');
  await expect(panel.getByRole('listitem').filter({ hasText: expired[expired.length - 1].email })).toContainText(
    'Skipped: only a pending invite can be deleted',
  );
  await panel.getByRole('button', { name: 'Delete 3 invites' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete 3 invites' }).click();
  await expect(panel.getByRole('status')).toHaveText('2 done, 1 skipped');
  for (const invite of toDelete) {
    expect((await server.get(`/invites/${invite.id}`)).status).toBe('deleted');
  }
  expect((await server.get(`/invites/${expired[expired.length - 1].id}`)).status).toBe('expired');
});

test("a workspace's members: add many at once (picked and pasted), change their role, remove them", async ({
  page,
  server,
}) => {
  const workspace = (await server.all('/workspaces'))[0];
  const inside = new Set((await server.all(`/workspaces/${workspace.id}/members`)).map((m) => m.user_id));
  const outsiders = (await server.all('/users')).filter(
    (u) => !inside.has(u.id) && (u.role === 'user' || u.role === 'developer'),
  );
  expect(outsiders.length).toBeGreaterThan(2);
  const [picked, pastedA, pastedB] = outsiders;

  await signIn(page, server, `workspaces/${workspace.id}`);
  const search = page.getByLabel('Find a person by name or email');
  await search.fill(picked.email);
  await page.getByRole('list', { name: 'Matching people' }).getByRole('button').click();
  await page.getByLabel('Or paste their emails').fill(`${pastedA.email.toUpperCase()}, ${pastedB.email}; nobody@example.com`);
  await page.locator('form.add-member').getByRole('combobox').selectOption('workspace_developer');
  await page.getByRole('button', { name: 'Add', exact: true }).click();

  const addTitle = `Add 4 people to “${workspace.name}” as Developer`;
  let panel = page.getByRole('region', { name: addTitle });
  await expect(panel.getByRole('listitem').filter({ hasText: 'nobody@example.com' })).toContainText(
    'Skipped: no member of the organization has this email',
  );
  await panel.getByRole('button', { name: addTitle }).click();
  await expect(panel.getByRole('status')).toHaveText('3 done, 1 skipped');
  for (const user of [picked, pastedA, pastedB]) {
    expect((await server.get(`/workspaces/${workspace.id}/members/${user.id}`)).workspace_role).toBe(
      'workspace_developer',
    );
  }
  await expect(page.getByLabel('Or paste their emails')).toHaveValue('');
  await panel.getByRole('button', { name: 'Close' }).click();

  // The three new members, chosen in the list: a new role, then removed.
  await expect(rows(page).filter({ hasText: pastedB.email })).toHaveCount(1);
  for (const user of [picked, pastedA, pastedB]) await choose(page, user.name);
  await selectionBar(page).getByRole('combobox', { name: 'New role' }).selectOption('workspace_admin');
  await selectionBar(page).getByRole('button', { name: 'Change role', exact: true }).click();
  const roleTitle = `Change the role of 3 people in “${workspace.name}” to Admin`;
  panel = page.getByRole('region', { name: roleTitle });
  await panel.getByRole('button', { name: roleTitle }).click();
  await expect(panel.getByRole('status')).toHaveText('3 done');
  expect((await server.get(`/workspaces/${workspace.id}/members/${pastedA.id}`)).workspace_role).toBe('workspace_admin');
  await panel.getByRole('button', { name: 'Close' }).click();

  for (const user of [picked, pastedA]) await choose(page, user.name);
  await selectionBar(page).getByRole('button', { name: 'Remove', exact: true }).click();
  const removeTitle = `Remove 2 people from “${workspace.name}”`;
  panel = page.getByRole('region', { name: removeTitle });
  await panel.getByRole('button', { name: removeTitle }).click();
  await page.getByRole('dialog').getByRole('button', { name: removeTitle }).click();
  await expect(panel.getByRole('status')).toHaveText('2 done');
  const now = new Set((await server.all(`/workspaces/${workspace.id}/members`)).map((m) => m.user_id));
  expect(now.has(picked.id) || now.has(pastedA.id)).toBe(false);
  expect(now.has(pastedB.id)).toBe(true);
  // Both are still members of the organization.
  expect((await server.get(`/users/${picked.id}`)).id).toBe(picked.id);
});
