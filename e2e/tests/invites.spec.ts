// Invites: invite one and many (a result per email), the status filter, relative expiry,
// deleting a pending invite and inviting again after an expired one; checked on the server.
import { expect, rows, signIn, test, toast } from '../harness/fixtures';

test('invite one, then many at once with a result per email; what failed stays in the box', async ({ page, server }) => {
  const member = (await server.all('/users'))[3];
  await signIn(page, server, 'invites');

  await page.getByLabel('Emails').fill('ada.one@example.com');
  await page.locator('form.invite-form').getByRole('combobox').selectOption('developer');
  await page.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(toast(page, '1 invited')).toBeVisible();
  const invites = await server.all('/invites?statuses[]=pending');
  const ada = invites.find((i) => i.email === 'ada.one@example.com');
  expect(ada).toMatchObject({ role: 'developer', status: 'pending' });
  await expect(page.getByLabel('Emails')).toHaveValue('');

  // Pasted as people do: commas, spaces and new lines; one invalid, one already a member.
  await page.getByLabel('Emails').fill(`grace.two@example.com, not-an-email\n${member.email}  linus.three@example.com`);
  await page.locator('form.invite-form').getByRole('combobox').selectOption('user');
  await page.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(toast(page, '2 invited, 2 failed')).toBeVisible();
  const results = page.getByRole('list', { name: 'Results of the last invite' });
  await expect(results.locator('li')).toHaveCount(4);
  await expect(results.locator('li.failed')).toHaveCount(2);
  await expect(results.locator('li').filter({ hasText: 'not-an-email' })).toHaveClass(/failed/);
  await expect(results.locator('li').filter({ hasText: member.email })).toHaveClass(/failed/);
  await expect(results.locator('li').filter({ hasText: 'grace.two@example.com' })).toHaveClass(/ok/);
  await expect(page.getByLabel('Emails')).toHaveValue(`not-an-email\n${member.email}`);

  const pending = (await server.all('/invites?statuses[]=pending')).map((i) => i.email);
  expect(pending).toEqual(expect.arrayContaining(['grace.two@example.com', 'linus.three@example.com']));
  expect(pending).not.toContain(member.email);
});

test('the status filter is in the URL; expiry is relative', async ({ page, server }) => {
  const expired = await server.all('/invites?statuses[]=expired');
  expect(expired.length).toBeGreaterThan(0);
  await signIn(page, server, 'invites');
  await page.getByLabel('Status').selectOption('expired');
  await expect(page).toHaveURL(/status=expired/);
  await expect.poll(() => rows(page).count()).toBe(Math.min(expired.length, 20));
  for (const invite of expired.slice(0, 3)) {
    await expect(rows(page).filter({ hasText: invite.email })).toContainText(/expired .*ago/);
  }
  await page.getByLabel('Status').selectOption('pending');
  await expect(rows(page).first()).toContainText(/in \d+ (day|days|hour|hours)/);
});

test('deleting a pending invite asks first; re-inviting an expired one makes a new pending invite', async ({ page, server }) => {
  const pending = (await server.all('/invites?statuses[]=pending'))[0];
  const expired = (await server.all('/invites?statuses[]=expired'))[0];
  await signIn(page, server, 'invites?status=pending');

  await page.getByRole('button', { name: `Delete the invite for ${pending.email}` }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(pending.email);
  await dialog.getByRole('button', { name: `Delete the invite for ${pending.email}` }).click();
  await expect(toast(page, `Deleted the invite for ${pending.email}`)).toBeVisible();
  expect((await server.get(`/invites/${pending.id}`)).status).toBe('deleted');
  await expect(rows(page).filter({ hasText: pending.email })).toHaveCount(0);

  await page.getByLabel('Status').selectOption('expired');
  await page.getByRole('button', { name: `Re-invite ${expired.email}` }).click();
  await expect(toast(page, `Invited ${expired.email} again`)).toBeVisible();
  const again = (await server.all('/invites?statuses[]=pending')).filter((i) => i.email === expired.email);
  expect(again).toHaveLength(1);
  expect(again[0].role).toBe(expired.role);
});
