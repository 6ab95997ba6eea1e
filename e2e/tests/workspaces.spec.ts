// Workspaces: create with a name and color, rename inline (Enter saves, Escape cancels), archive
// only after typing the name, archived ones on request, the warning near the 100 cap.
import { expect, rows, signIn, test, toast } from '../harness/fixtures';

test('create a workspace with a name and a color', async ({ page, server }) => {
  await signIn(page, server, 'workspaces');
  await page.getByLabel('Name', { exact: true }).fill('  Field research  ');
  await page.getByLabel('Color').fill('#12ab34');
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await expect(toast(page, 'Created the workspace “Field research”')).toBeVisible();
  const created = (await server.all('/workspaces')).find((w) => w.name === 'Field research');
  expect(created?.display_color.toLowerCase()).toBe('#12ab34');
  await expect(rows(page).filter({ hasText: 'Field research' })).toHaveCount(1);
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('');
});

test('a name that is too long is refused before sending and stays in the box', async ({ page, server }) => {
  const before = (await server.all('/workspaces')).length;
  await signIn(page, server, 'workspaces');
  const long = 'x'.repeat(41);
  await page.getByLabel('Name', { exact: true }).fill(long);
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page.getByRole('alert')).toContainText('1 to 40 characters');
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(long);
  expect((await server.all('/workspaces')).length).toBe(before);
});

test('rename inline: Escape cancels, Enter saves', async ({ page, server }) => {
  const target = (await server.all('/workspaces'))[1];
  await signIn(page, server, 'workspaces');
  await page.getByRole('button', { name: `Rename ${target.name}` }).click();
  const box = page.getByLabel(`New name for ${target.name}`);
  await expect(box).toBeFocused();
  await box.fill('Not this');
  await box.press('Escape');
  await expect(box).toBeHidden();
  await expect(page.getByRole('button', { name: `Rename ${target.name}` })).toBeFocused();
  expect((await server.get(`/workspaces/${target.id}`)).name).toBe(target.name);

  await page.getByRole('button', { name: `Rename ${target.name}` }).click();
  await box.fill('Renamed by Enter');
  await box.press('Enter');
  await expect(toast(page, `Renamed “${target.name}” to “Renamed by Enter”`)).toBeVisible();
  expect((await server.get(`/workspaces/${target.id}`)).name).toBe('Renamed by Enter');
  await expect(rows(page).filter({ hasText: 'Renamed by Enter' })).toHaveCount(1);
});

test('archive only after typing the name; its keys are archived; archived ones shown on request', async ({ page, server }) => {
  const keys = await server.all('/api_keys');
  const withKeys = (await server.all('/workspaces')).find((w) => keys.some((k) => k.workspace_id === w.id && k.status !== 'archived'))!;
  await signIn(page, server, 'workspaces');
  await page.getByRole('button', { name: `Archive ${withKeys.name}`, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('cannot be undone');
  const confirm = dialog.getByRole('button', { name: `Archive “${withKeys.name}”` });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(/Type/).fill(withKeys.name.slice(0, -1));
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(/Type/).fill(withKeys.name);
  await confirm.click();
  await expect(toast(page, `Archived the workspace “${withKeys.name}”`)).toBeVisible();

  expect((await server.get(`/workspaces/${withKeys.id}`)).archived_at).not.toBeNull();
  const after = (await server.all(`/api_keys?workspace_id=${withKeys.id}`)).map((k) => k.status);
  expect(after.length).toBeGreaterThan(0);
  expect(new Set(after)).toEqual(new Set(['archived']));

  await expect(rows(page).filter({ hasText: withKeys.name })).toHaveCount(0);
  await page.getByLabel('Show archived').check();
  await expect(page).toHaveURL(/archived=1/);
  const archivedRow = rows(page).filter({ hasText: withKeys.name });
  await expect(archivedRow).toContainText('Archived');
  await expect(archivedRow.getByRole('button')).toHaveCount(0);
});

test('near the cap of 100 active workspaces the page warns, and at the cap creating is disabled', async ({ page, server }) => {
  const active = (await server.all('/workspaces')).length;
  for (let i = active; i < 97; i++) await server.post('/workspaces', { name: `Filler ${i}` });
  await signIn(page, server, 'workspaces');
  await expect(page.getByText('97 of 100 active workspaces')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Close to the limit: only 3 more workspaces' })).toBeVisible();
  for (let i = 97; i < 100; i++) await server.post('/workspaces', { name: `Filler ${i}` });
  await page.reload();
  await expect(page.getByText('100 of 100 active workspaces')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create workspace' })).toBeDisabled();
});
