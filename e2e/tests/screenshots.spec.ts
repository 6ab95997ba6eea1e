// Evidence for a reviewer: every page at 1280 and 390 px wide, light and dark, written to
// target/screenshots/<page>-<width>-<scheme>.png. Each shot waits for the page's data, and at
// 390 px the page must not scroll sideways.
import path from 'node:path';
import { expect, rows, signIn, test } from '../harness/fixtures';
import { ROOT } from '../harness/server';
import type { Page } from '@playwright/test';

const OUT = path.join(ROOT, 'target', 'screenshots');

interface Shot {
  name: string;
  /** Opens the page (signed in unless it is sign-in) and waits for what it shows. */
  open: (page: Page, url: string, workspaceId: string) => Promise<void>;
}

const loaded = async (page: Page) => {
  await expect(rows(page).first()).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
};

const reportLoaded = async (page: Page) => {
  await expect(page.locator('.report-table tfoot')).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
};

const SHOTS: Shot[] = [
  { name: 'sign-in', open: async (page, url) => { await page.goto(`${url}/`); await expect(page.getByLabel('Admin key')).toBeVisible(); } },
  {
    name: 'overview',
    open: async (page, url) => {
      await page.goto(`${url}/`);
      await expect(page.locator('.stats .stat-number').filter({ hasText: /^\d+$/ })).toHaveCount(4);
    },
  },
  { name: 'members', open: async (page, url) => { await page.goto(`${url}/members`); await loaded(page); } },
  { name: 'invites', open: async (page, url) => { await page.goto(`${url}/invites`); await loaded(page); } },
  { name: 'workspaces', open: async (page, url) => { await page.goto(`${url}/workspaces`); await loaded(page); } },
  { name: 'workspace-members', open: async (page, url, id) => { await page.goto(`${url}/workspaces/${id}`); await loaded(page); } },
  { name: 'api-keys', open: async (page, url) => { await page.goto(`${url}/api-keys`); await loaded(page); } },
  { name: 'usage', open: async (page, url) => { await page.goto(`${url}/usage?group=model`); await reportLoaded(page); } },
  { name: 'usage-by-workspace', open: async (page, url) => { await page.goto(`${url}/usage?group=workspace_id&range=90d`); await reportLoaded(page); } },
  { name: 'claude-code', open: async (page, url) => { await page.goto(`${url}/usage/claude-code`); await reportLoaded(page); } },
  { name: 'cost', open: async (page, url) => { await page.goto(`${url}/cost?group=workspace_id`); await reportLoaded(page); } },
  {
    name: 'confirm-dialog',
    open: async (page, url) => {
      await page.goto(`${url}/workspaces`);
      await loaded(page);
      await page.getByRole('button', { name: /^Archive / }).first().click();
      await expect(page.getByRole('dialog')).toBeVisible();
    },
  },
  {
    name: 'workspace-switcher',
    open: async (page, url) => {
      await page.goto(`${url}/members`);
      await loaded(page);
      await page.getByRole('button', { name: /^Active workspace:/ }).click();
      await expect(page.getByRole('list', { name: 'Workspaces' })).toBeVisible();
    },
  },
];

for (const width of [1280, 390]) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`every page at ${width} px, ${scheme}`, async ({ page, server }) => {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
      await page.emulateMedia({ colorScheme: scheme });
      const workspaceId = (await server.all('/workspaces'))[0].id;
      // Sign in once; the tab keeps the key across the page loads below.
      await signIn(page, server);
      for (const shot of SHOTS) {
        if (shot.name === 'sign-in') {
          await page.getByRole('button', { name: 'Sign out' }).click();
          await shot.open(page, server.url, workspaceId);
        } else {
          if (await page.getByLabel('Admin key').isVisible()) await signIn(page, server);
          await shot.open(page, server.url, workspaceId);
        }
        await page.screenshot({ path: path.join(OUT, `${shot.name}-${width}-${scheme}.png`), fullPage: true });
        if (width === 390) {
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
          expect(overflow, `${shot.name} scrolls sideways at 390 px`).toBeLessThanOrEqual(390);
        }
      }
    });
  }
}
