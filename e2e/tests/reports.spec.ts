// Usage and Cost against the demo's 90 days of usage: the chart has a series per group and its
// legend's totals are the table's, the table's totals are the API's numbers added up, the
// settings live in the URL, "Download CSV" writes the table as shown, and a failed report shows
// the envelope's message and request id.
import fs from 'node:fs';
import { expect, navLink, signIn, test } from '../harness/fixtures';
import type { ReferenceServer } from '../harness/server';
import type { Page } from '@playwright/test';

test.use({ serverOptions: { faults: true } });

/** Digits of a number as the locale wrote it: "1,234,567" and "$1,234.56" alike. */
const digits = (text: string) => text.replace(/[^0-9.]/g, '');

/** The table: each row's label and cells, and the totals row's cells. */
async function table(page: Page) {
  const body = page.locator('.report-table tbody tr');
  const rows: { label: string; cells: string[] }[] = [];
  for (const row of await body.all()) {
    rows.push({ label: (await row.locator('th').innerText()).trim(), cells: await row.locator('td').allInnerTexts() });
  }
  const totals = await page.locator('.report-table tfoot td').allInnerTexts();
  return { rows, totals };
}

/** Every page of a report, as the API gives it. */
async function wholeReport(server: ReferenceServer, path: string): Promise<any[]> {
  const buckets: any[] = [];
  let page: string | null = null;
  do {
    const answer: any = await server.get(page ? `${path}&page=${encodeURIComponent(page)}` : path);
    buckets.push(...answer.data);
    page = answer.has_more ? answer.next_page : null;
  } while (page);
  return buckets;
}

function utcDay(offset: number): string {
  const day = new Date();
  day.setUTCDate(day.getUTCDate() + offset);
  return day.toISOString().slice(0, 10);
}

/** The last 30 days (today included) as the console asks for them. */
const last30 = () => `starting_at=${utcDay(-29)}T00:00:00Z&ending_at=${utcDay(1)}T00:00:00Z`;

test('usage by model: a series per group, legend and table agree, totals are the API\'s', async ({ page, server }) => {
  await signIn(page, server);
  await navLink(page, 'Usage').click();
  await page.locator('label.choice', { hasText: 'Group by' }).getByRole('combobox').selectOption('model');
  await expect(page).toHaveURL(/group=model/);
  await expect(page.locator('.report-table tfoot')).toBeVisible();
  const { rows, totals } = await table(page);
  expect(rows.length).toBeGreaterThanOrEqual(3);
  await expect(page.locator('.report-chart')).toHaveAttribute('data-series', String(rows.length));
  // One SVG line per group.
  await expect(page.locator('.report-chart svg ._chartistry_line')).toHaveCount(rows.length);
  const legend = page.locator('.legend li');
  for (const [i, row] of rows.entries()) {
    await expect(legend.nth(i).locator('.legend-name')).toHaveText(row.label);
    expect(digits(await legend.nth(i).locator('.legend-total').innerText())).toBe(digits(row.cells[4]));
  }
  const buckets = await wholeReport(server, `/usage_report/messages?${last30()}&bucket_width=1d&limit=31&group_by[]=model`);
  expect(buckets).toHaveLength(30);
  let total = 0;
  for (const bucket of buckets) {
    for (const r of bucket.results) {
      total += r.uncached_input_tokens + r.cache_read_input_tokens + r.output_tokens +
        r.cache_creation.ephemeral_1h_input_tokens + r.cache_creation.ephemeral_5m_input_tokens;
    }
  }
  expect(digits(totals[4])).toBe(String(total));

  // The settings are in the URL: a reload shows the same report.
  await page.locator('label.choice', { hasText: 'Range' }).getByRole('combobox').selectOption('7d');
  await expect(page).toHaveURL(/range=7d/);
  await page.locator('label.choice', { hasText: 'Buckets' }).getByRole('combobox').selectOption('1h');
  await expect(page).toHaveURL(/width=1h/);
  await expect(page.locator('.report-table tfoot')).toBeVisible();
  const weekly = await table(page);
  await page.reload();
  await expect(page.locator('.report-table tfoot')).toBeVisible();
  expect(await table(page)).toEqual(weekly);
});

test('"Download CSV" writes the table as shown, named by grouping and range', async ({ page, server }) => {
  await signIn(page, server, 'cost?group=workspace_id');
  await expect(page.locator('.report-table tfoot')).toBeVisible();
  const shown = await table(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`cost_workspace_id_1d_${utcDay(-29)}_${utcDay(0)}.csv`);
  const lines = fs.readFileSync((await download.path())!, 'utf8').trim().split('\n');
  expect(lines[0]).toBe('Workspace,Cost (USD)');
  const body = lines.slice(1, -1).map((line) => line.split(','));
  expect(body.map((cells) => cells[0])).toEqual(shown.rows.map((r) => r.label));
  expect(body.map((cells) => cells[1])).toEqual(shown.rows.map((r) => digits(r.cells[0])));
  expect(lines.at(-1)).toBe(`Total,${digits(shown.totals[0])}`);

  // The total is the API's decimal strings of cents added up exactly (as integers scaled by
  // their longest fraction, never a float), rounded half away from zero to the cent.
  const days = await wholeReport(server, `/cost_report?${last30()}&limit=31&group_by[]=workspace_id`);
  const amounts: string[] = days.flatMap((day) => day.results.map((r: any) => r.amount as string));
  const scale = Math.max(0, ...amounts.map((a) => (a.split('.')[1] ?? '').length));
  const unit = 10n ** BigInt(scale);
  let scaled = 0n;
  for (const amount of amounts) {
    const [whole, fraction = ''] = amount.split('.');
    scaled += BigInt(whole) * unit + BigInt(fraction.padEnd(scale, '0') || '0');
  }
  const cents = (scaled + unit / 2n) / unit;
  const dollars = `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
  expect(digits(shown.totals[0])).toBe(dollars);
});

test('a failed report shows the envelope\'s message and request id, and "Retry" recovers', async ({ page, server }) => {
  // Every try of every usage request fails (the console retries a read three times), until cleared.
  await server.setFaults([{ path: '/v1/organizations/usage_report/messages', status: 500 }]);
  await signIn(page, server, 'usage');
  const alert = page.locator('.report [role="alert"]');
  await expect(alert).toBeVisible({ timeout: 20_000 });
  await expect(alert).toContainText(/req_/);
  await server.setFaults([]);
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(page.locator('.report-table tfoot')).toBeVisible();
});

test('the overview shows the last 30 days\' tokens and cost, linking to their pages', async ({ page, server }) => {
  await signIn(page, server);
  const tokens = page.locator('.usage-summary a', { hasText: 'Tokens, last 30 days' });
  await expect(tokens.locator('.sparkline svg')).toBeVisible();
  await expect(page.locator('.usage-summary a', { hasText: 'Cost, last 30 days' })).toContainText('$');
  await tokens.click();
  await expect(page).toHaveURL(/\/usage$/);
  await expect(page.locator('.report-table tfoot')).toBeVisible();
});

test('changing the range while a long report loads stops fetching the old one\'s pages', async ({ page, server }) => {
  // 90 days by hour is 13 pages; each answer is slowed so the range is changed half-way.
  await server.setFaults([{ path: '/v1/organizations/usage_report/messages', delay_ms: 700 }]);
  await signIn(page, server, 'usage?range=90d&width=1h');
  await expect(page.getByRole('progressbar', { name: 'Pages of the report fetched' })).toBeVisible();
  await expect(page.getByText(/Loading the report: [1-9]\d* of 13 pages/)).toBeVisible({ timeout: 15_000 });
  const start = `${utcDay(-89)}T00:00:00Z`;
  const oldPages = async () =>
    (await server.seenRequests()).filter(
      (r) => r.path.includes('/usage_report/messages') && r.query.includes('bucket_width=1h') &&
        decodeURIComponent(r.query).includes(start),
    ).length;
  await page.locator('label.choice', { hasText: 'Range' }).getByRole('combobox').selectOption('7d');
  await expect(page).toHaveURL(/range=7d/);
  // The page under way may still come; after it, none of the old report's.
  await page.waitForTimeout(1_000);
  const afterChange = await oldPages();
  await page.waitForTimeout(3_000);
  expect(await oldPages()).toBe(afterChange);
  expect(afterChange).toBeLessThan(2 * 13);
  await server.setFaults([]);
  await expect(page.locator('.report-table tfoot')).toBeVisible();
});
