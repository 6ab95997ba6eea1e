// What every end-to-end test gets: its own reference server (fresh database, demo data), and a
// browser context whose pages are watched: a panic, an uncaught exception or any console error
// fails the test. The only console errors allowed are Chromium's own notes on failed loads
// ("Failed to load resource: ..."), which it prints for every 4xx/5xx and refused connection
// that a test forces on purpose.
import { test as base, expect, type Page } from '@playwright/test';
import { ReferenceServer, type ServerOptions } from './server';

export { expect };

/** A console message as seen by the test: `type: text`. */
export type LogLine = string;

const BROWSER_LOAD_NOTE = /^Failed to load resource: /;

export const test = base.extend<{
  serverOptions: ServerOptions;
  server: ReferenceServer;
  browserLog: LogLine[];
  /** Console errors a test provokes on purpose (e.g. a CSP refusal); nothing else is allowed. */
  allowedConsoleErrors: RegExp[];
}>({
  serverOptions: [{}, { option: true }],

  server: async ({ serverOptions }, use, testInfo) => {
    const server = await ReferenceServer.start(serverOptions);
    await use(server);
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('server.log', { body: server.output(), contentType: 'text/plain' });
    }
    await server.dispose();
  },

  browserLog: async ({}, use) => {
    await use([]);
  },

  allowedConsoleErrors: async ({}, use) => {
    await use([]);
  },

  context: async ({ context, browserLog, allowedConsoleErrors }, use) => {
    const problems: string[] = [];
    context.on('console', (message) => {
      const line = `${message.type()}: ${message.text()}`;
      browserLog.push(line);
      const allowed = [BROWSER_LOAD_NOTE, ...allowedConsoleErrors].some((pattern) => pattern.test(message.text()));
      if (message.type() === 'error' && !allowed) problems.push(line);
    });
    context.on('weberror', (error) => {
      browserLog.push(`uncaught: ${error.error().message}`);
      problems.push(`uncaught: ${error.error().stack ?? error.error().message}`);
    });
    await use(context);
    expect(problems, 'the console logged errors or panicked').toEqual([]);
  },
});

/** Opens the console at `path` (relative to its root) and signs in with `key`. */
export async function signIn(page: Page, server: ReferenceServer, path = '', key = server.adminKey): Promise<void> {
  await page.goto(`${server.url}/${path}`);
  await page.getByLabel('Base URL').fill(server.url);
  await page.getByLabel('Admin key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/** Signs out. When this tab's journal lists changes, the console first asks whether to clear it:
 * this agrees. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  const clear = page.getByRole('dialog').getByRole('button', { name: 'Sign out and clear the journal' });
  const signInPage = page.getByLabel('Admin key');
  await expect(signInPage.or(clear)).toBeVisible();
  if (await clear.isVisible()) await clear.click();
  await expect(signInPage).toBeVisible();
}

/** The main navigation's link to a page. */
export function navLink(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
}

/** A toast (success or failure) whose text contains `text`. */
export function toast(page: Page, text: string | RegExp) {
  return page.locator('.toasts .toast').filter({ hasText: text });
}

/** The rows of the page's table. */
export function rows(page: Page) {
  return page.locator('main tbody tr');
}
