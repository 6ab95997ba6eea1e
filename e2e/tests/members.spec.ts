// Members: the list and its filters, changing a role, removing a member, and cursor paging,
// each checked against the server's data.
import { expect, rows, signIn, test, toast } from '../harness/fixtures';
import type { Page } from '@playwright/test';

/** The emails in the members table, in order. */
async function shownEmails(page: Page): Promise<string[]> {
  return page.locator('main tbody tr td:nth-child(3)').allTextContents();
}

test('the list shows the members; email and role filters live in the URL and survive a reload', async ({ page, server }) => {
  const users = await server.all('/users');
  await signIn(page, server, 'members');
  await expect(page.getByRole('heading', { name: 'Members' })).toBeVisible();
  await expect.poll(() => shownEmails(page)).toEqual(users.slice(0, 20).map((u) => u.email));
  const first = rows(page).first();
  await expect(first).toContainText(users[0].name);

  const developers = users.filter((u) => u.role === 'developer');
  await page.getByRole('group', { name: 'Roles' }).getByLabel('Developer', { exact: true }).check();
  await expect(page).toHaveURL(/[?&]role=developer/);
  await expect.poll(() => shownEmails(page)).toEqual(developers.slice(0, 20).map((u) => u.email));

  await page.reload();
  await expect.poll(() => shownEmails(page)).toEqual(developers.slice(0, 20).map((u) => u.email));

  await page.getByRole('button', { name: 'Clear filters' }).click();
  const someone = users[7];
  await page.getByLabel('Email').fill(someone.email.toUpperCase());
  await page.getByRole('button', { name: 'Filter', exact: true }).click();
  await expect.poll(() => shownEmails(page)).toEqual([someone.email]);
  expect(new URL(page.url()).searchParams.get('email')).toBe(someone.email.toUpperCase());
});

test('a role changes on Save only (arrow keys send nothing); admins are locked with the reason', async ({ page, server }) => {
  const users = await server.all('/users');
  const member = users.find((u) => u.role === 'user')!;
  const admin = users.find((u) => u.role === 'admin')!;
  await signIn(page, server, `members?email=${encodeURIComponent(member.email)}`);
  const picker = page.getByRole('combobox', { name: `Role of ${member.name}`, exact: true });
  await expect(picker).toHaveValue('user');
  // Choosing with the keyboard sends nothing; Save sends the one change.
  await picker.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(picker).not.toHaveValue('user');
  expect((await server.get(`/users/${member.id}`)).role).toBe('user');
  await page.getByRole('button', { name: `Cancel role change of ${member.name}` }).click();
  await expect(picker).toHaveValue('user');
  await picker.selectOption('developer');
  await page.getByRole('button', { name: `Save role of ${member.name}` }).click();
  await expect(toast(page, `${member.name} is now Developer.`)).toBeVisible();
  expect((await server.get(`/users/${member.id}`)).role).toBe('developer');

  await page.getByLabel('Email').fill(admin.email);
  await page.getByRole('button', { name: 'Filter', exact: true }).click();
  const row = rows(page).filter({ hasText: admin.email });
  await expect(row).toContainText('Admins keep their role');
  await expect(row.getByRole('combobox')).toHaveCount(0);
  await expect(row.getByRole('button', { name: /^Remove/ })).toHaveCount(0);
});

test('removing a member asks first, names them, and Cancel removes nothing', async ({ page, server }) => {
  const users = await server.all('/users');
  const member = users.find((u) => u.role === 'developer')!;
  const workspaces = await server.all('/workspaces');
  const memberships = async () => {
    let count = 0;
    for (const w of workspaces) {
      count += (await server.all(`/workspaces/${w.id}/members`)).filter((m) => m.user_id === member.id).length;
    }
    return count;
  };
  await signIn(page, server, `members?email=${encodeURIComponent(member.email)}`);
  const remove = page.getByRole('button', { name: `Remove ${member.name} (${member.email})` });

  await remove.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`Remove ${member.name}?`);
  await expect(dialog).toContainText(member.email);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect((await server.api('GET', `/users/${member.id}`)).status).toBe(200);

  await remove.click();
  await dialog.getByRole('button', { name: `Remove ${member.name}` }).click();
  await expect(toast(page, `Removed ${member.name}`)).toBeVisible();
  expect((await server.api('GET', `/users/${member.id}`)).status).toBe(404);
  expect(await memberships()).toBe(0);
  await expect(rows(page).filter({ hasText: member.email })).toHaveCount(0);
});

test('cursor paging goes forward to the end and back, page by page, with the cursor in the URL', async ({ page, server }) => {
  for (let i = 0; i < 45; i++) server.addUser(`paging.${String(i).padStart(2, '0')}@example.com`, `Paging Person ${i}`);
  const all = (await server.all('/users')).map((u) => u.email);
  expect(all.length).toBeGreaterThan(100);
  await signIn(page, server, 'members');
  await page.getByLabel('Per page').selectOption('50');
  await expect(page).toHaveURL(/limit=50/);

  const pages: string[][] = [];
  for (let start = 0; start < all.length; start += 50) pages.push(all.slice(start, start + 50));
  const next = page.getByRole('button', { name: 'Next page' });
  const previous = page.getByRole('button', { name: 'Previous page' });

  for (let index = 0; index < pages.length; index++) {
    await expect.poll(() => shownEmails(page)).toEqual(pages[index]);
    if (index === 1) {
      // The cursor is in the URL: a reload shows the same page.
      expect(page.url()).toMatch(/after_id=user_/);
      await page.reload();
      await expect.poll(() => shownEmails(page)).toEqual(pages[index]);
    }
    if (index < pages.length - 1) await next.click();
  }
  await expect(next).toBeDisabled();
  for (let index = pages.length - 2; index >= 0; index--) {
    await previous.click();
    await expect.poll(() => shownEmails(page)).toEqual(pages[index]);
  }
  await expect(previous).toBeDisabled();
});
