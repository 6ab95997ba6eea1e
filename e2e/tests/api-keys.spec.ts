// API keys: filters by status, workspace and creator (names, not ids), rename inline,
// deactivate, activate, archive with a confirmation; each checked on the server.
import { expect, rows, signIn, test, toast } from '../harness/fixtures';
import type { Page } from '@playwright/test';

function toolbarChoice(page: Page, label: string) {
  return page.locator('.toolbar label.choice').filter({ hasText: label }).getByRole('combobox');
}

test('filters by status, workspace and creator match the server, live in the URL, and show names', async ({ page, server }) => {
  const keys = await server.all('/api_keys');
  const users = await server.all('/users');
  const workspaces = await server.all('/workspaces');
  const inWorkspace = keys.find((k) => k.workspace_id && workspaces.some((w) => w.id === k.workspace_id))!;
  const workspace = workspaces.find((w) => w.id === inWorkspace.workspace_id)!;
  const creator = users.find((u) => u.id === inWorkspace.created_by.id)!;

  await signIn(page, server, 'api-keys?limit=100');
  await expect.poll(() => rows(page).count()).toBe(keys.length);
  // Workspace and creator by name, not by id.
  const row = rows(page).filter({ hasText: inWorkspace.name }).first();
  await expect(row).toContainText(workspace.name);
  await expect(row).toContainText(creator.name);
  await expect(row).not.toContainText(inWorkspace.workspace_id);
  await expect(row).not.toContainText(creator.id);

  await toolbarChoice(page, 'Status').selectOption('inactive');
  await expect(page).toHaveURL(/status=inactive/);
  const inactive = keys.filter((k) => k.status === 'inactive');
  await expect.poll(() => rows(page).count()).toBe(inactive.length);

  await toolbarChoice(page, 'Status').selectOption('');
  await toolbarChoice(page, 'Workspace').selectOption(workspace.id);
  await expect(page).toHaveURL(new RegExp(`workspace_id=${workspace.id}`));
  const expected = await server.all(`/api_keys?workspace_id=${workspace.id}`);
  await expect.poll(() => rows(page).count()).toBe(expected.length);

  await toolbarChoice(page, 'Created by').selectOption(creator.id);
  await expect(page).toHaveURL(new RegExp(`created_by=${creator.id}`));
  const both = await server.all(`/api_keys?workspace_id=${workspace.id}&created_by_user_id=${creator.id}`);
  await expect.poll(() => rows(page).count()).toBe(both.length);
  await page.reload();
  await expect.poll(() => rows(page).count()).toBe(both.length);
  await expect(toolbarChoice(page, 'Created by')).toHaveValue(creator.id);
});

test('rename inline, deactivate, activate, and archive after a confirmation', async ({ page, server }) => {
  const key = (await server.all('/api_keys?status=active'))[0];
  await signIn(page, server, 'api-keys?status=active');

  await page.getByRole('button', { name: `Rename “${key.name}”` }).click();
  const box = page.getByLabel(`New name for “${key.name}”`);
  await box.fill('ci deploy key');
  await box.press('Enter');
  await expect(toast(page, `Renamed “${key.name}” to “ci deploy key”.`)).toBeVisible();
  expect((await server.get(`/api_keys/${key.id}`)).name).toBe('ci deploy key');

  await page.getByLabel('Status').selectOption('');
  await page.getByRole('button', { name: 'Deactivate “ci deploy key”' }).click();
  await expect(toast(page, 'Deactivated “ci deploy key”.')).toBeVisible();
  expect((await server.get(`/api_keys/${key.id}`)).status).toBe('inactive');

  await page.getByRole('button', { name: 'Activate “ci deploy key”' }).click();
  await expect(toast(page, /^Activated “ci deploy key”\./)).toBeVisible();
  expect((await server.get(`/api_keys/${key.id}`)).status).toBe('active');

  await page.getByRole('button', { name: 'Archive “ci deploy key”' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Archiving is final');
  await dialog.getByRole('button', { name: 'Archive “ci deploy key”' }).click();
  await expect(toast(page, 'Archived “ci deploy key”.')).toBeVisible();
  expect((await server.get(`/api_keys/${key.id}`)).status).toBe('archived');
  const archivedRow = rows(page).filter({ hasText: 'ci deploy key' });
  await expect(archivedRow.getByRole('button')).toHaveCount(0);
});
