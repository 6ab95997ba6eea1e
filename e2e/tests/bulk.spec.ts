// Bulk changes: keys selected across two pages are deactivated through the plan and its results
// (checked on the server), and the journal lists each change and exports exactly those entries.
import { readFileSync } from 'node:fs';
import { expect, rows, signIn, test } from '../harness/fixtures';

test('select keys across two pages, deactivate them, and the journal lists and exports each change', async ({
  page,
  server,
}) => {
  const active = await server.all('/api_keys?status=active');
  expect(active.length).toBeGreaterThan(22);
  await signIn(page, server, 'api-keys?status=active&limit=20');
  await expect.poll(() => rows(page).count()).toBe(20);

  // Two on the first page, two on the second: the selection survives paging.
  const chosen = [active[0], active[1], active[20], active[21]];
  const selection = page.getByRole('group', { name: 'Selection' });
  for (const key of chosen.slice(0, 2)) {
    await page.getByRole('checkbox', { name: `Select “${key.name}”`, exact: true }).check();
  }
  await expect(selection.getByRole('status')).toHaveText('2 selected');
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/after_id=/);
  for (const key of chosen.slice(2)) {
    await page.getByRole('checkbox', { name: `Select “${key.name}”`, exact: true }).check();
  }
  await expect(selection.getByRole('status')).toHaveText('4 selected');

  // The plan, then its results.
  await selection.getByRole('button', { name: 'Deactivate', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Deactivate 4 API keys' });
  await expect(panel.getByRole('listitem')).toHaveCount(4);
  for (const key of chosen) {
    await expect(panel.getByRole('listitem').filter({ hasText: key.name })).toContainText('Active → Inactive');
  }
  await panel.getByRole('button', { name: 'Deactivate 4 API keys' }).click();
  await expect(panel.getByRole('status')).toHaveText('4 done');
  await expect(selection.getByRole('status')).toHaveText('Nothing selected');

  // The server's data: those four inactive, no other key changed.
  for (const key of chosen) {
    expect((await server.get(`/api_keys/${key.id}`)).status).toBe('inactive');
  }
  const stillActive = await server.all('/api_keys?status=active');
  expect(stillActive.map((k) => k.id).sort()).toEqual(
    active
      .filter((k) => !chosen.some((c) => c.id === k.id))
      .map((k) => k.id)
      .sort(),
  );

  // The journal lists each change, with its result and request id, as part of the bulk action.
  await page.getByRole('button', { name: 'Journal', exact: true }).click();
  const journal = page.getByRole('dialog', { name: 'Journal' });
  const entries = journal.locator('tbody tr');
  await expect(entries).toHaveCount(4);
  for (const key of chosen) {
    const entry = entries.filter({ hasText: key.name });
    await expect(entry).toContainText('status: active → inactive');
    await expect(entry).toContainText('part of “Deactivate 4 API keys”');
    await expect(entry).toContainText('Done');
    await expect(entry).toContainText(/req_/);
  }

  // Its exports hold exactly those entries, and never the key.
  const [json] = await Promise.all([
    page.waitForEvent('download'),
    journal.getByRole('button', { name: 'Export journal as JSON' }).click(),
  ]);
  const exported = readFileSync(await json.path(), 'utf8');
  expect(exported).not.toContain(server.adminKey);
  const objects = JSON.parse(exported).map((e: any) => [e.object_id, e.result, e.changes[0].after]);
  expect(objects.sort()).toEqual(chosen.map((k) => [k.id, 'done', 'inactive']).sort());
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    journal.getByRole('button', { name: 'Export journal as CSV' }).click(),
  ]);
  const lines = readFileSync(await csv.path(), 'utf8').trim().split('\n');
  expect(lines[0]).toBe(
    'seq,at,object,object_id,object_name,workspace_id,action,field,before,after,result,message,request_id,bulk',
  );
  expect(lines.length).toBe(5);
  for (const key of chosen) {
    expect(lines.some((line) => line.includes(key.id) && line.includes(',status,active,inactive,done,'))).toBe(true);
  }
});
