// Security: the admin key stays in sessionStorage and nowhere else; names carrying HTML and
// script payloads are shown as text and nothing runs; the Content-Security-Policy is strict and
// the console works under it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, navLink, rows, signIn, signOut, test, toast } from '../harness/fixtures';
import { ROOT } from '../harness/server';
import type { Page } from '@playwright/test';

test('after sign-in the key is in sessionStorage only: not in localStorage, cookies, URLs, the DOM or the console', async ({ page, context, server, browserLog }) => {
  const key = server.adminKey;
  const urls: string[] = [];
  const requestUrls: string[] = [];
  page.on('framenavigated', (frame) => urls.push(frame.url()));
  page.on('request', (request) => requestUrls.push(request.url()));

  await signIn(page, server);
  const where = async () =>
    page.evaluate((key) => {
      const inputs = [...document.querySelectorAll('input, textarea')].map((i) => (i as HTMLInputElement).value);
      return {
        session: Object.values(sessionStorage).some((v) => v.includes(key)),
        local: Object.values(localStorage).some((v) => v.includes(key)),
        cookie: document.cookie.includes(key),
        dom: document.documentElement.outerHTML.includes(key) || inputs.some((v) => v.includes(key)),
        url: location.href.includes(key),
        history: JSON.stringify(history.state ?? null).includes(key),
      };
    }, key);
  const onlyInSession = { session: true, local: false, cookie: false, dom: false, url: false, history: false };

  // The search itself works: the key is found where it is.
  expect(await where()).toEqual(onlyInSession);
  for (const name of ['Members', 'Invites', 'Workspaces', 'API keys', 'Overview']) {
    await navLink(page, name).click();
    await expect(navLink(page, name)).toHaveAttribute('aria-current', 'page');
    expect(await where()).toEqual(onlyInSession);
  }
  // A write, and a reload (which signs in again from sessionStorage).
  const workspace = (await server.all('/workspaces'))[0];
  await navLink(page, 'Workspaces').click();
  await page.getByRole('button', { name: `Rename ${workspace.name}` }).click();
  await page.getByLabel(`New name for ${workspace.name}`).fill('Renamed safely');
  await page.getByLabel(`New name for ${workspace.name}`).press('Enter');
  await expect(toast(page, 'Renamed')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  expect(await where()).toEqual(onlyInSession);

  expect((await context.cookies()).filter((c) => c.value.includes(key))).toEqual([]);
  expect(urls.filter((u) => u.includes(key))).toEqual([]);
  expect(requestUrls.length).toBeGreaterThan(5);
  expect(requestUrls.filter((u) => u.includes(key))).toEqual([]);
  expect(browserLog.filter((line) => line.includes(key))).toEqual([]);

  // The write above is in the journal: signing out asks before it clears it.
  await signOut(page);
  expect(await where()).toEqual({ ...onlyInSession, session: false });
});

/** Classic XSS vectors; each would call `xss()` if it ran. */
const PAYLOADS = [
  '<script>xss()</script>',
  '<img src=x onerror=xss()>',
  '<svg onload=xss()>',
  '<svg><script>xss()</script></svg>',
  '"><img src=x onerror=xss()>',
  "'><svg onload=xss()>",
  '</textarea><img src=x onerror=xss()>',
  '</title><script>xss()</script>',
  '<iframe srcdoc="<script>parent.xss()</script>">',
  '<a href="javascript:xss()">click me</a>',
  '<body onload=xss()>',
  '<input autofocus onfocus=xss()>',
  '<details open ontoggle=xss()>',
  '<video><source onerror=xss()>',
  '<math><mi xlink:href="javascript:xss()">x',
  '&lt;img src=x onerror=xss()&gt;',
  '<style>@import "javascript:xss()"</style>',
  '<object data="javascript:xss()">',
  '<embed src="javascript:xss()">',
  '<marquee onstart=xss()>',
  '<scr<script>ipt>xss()</scr</script>ipt>',
  '{{constructor.constructor("xss()")()}}',
  '%3Cscript%3Exss()%3C/script%3E',
  'javascript:/*--></title></style></textarea></script><svg/onload=xss()//',
  '<div style="background:url(javascript:xss())">',
];

test.describe('names carrying HTML and scripts', () => {
  // Without the CSP: what is tested is that the console escapes, not that the policy blocks.
  test.use({ bypassCSP: true });

  async function nothingRan(page: Page) {
    const state = await page.evaluate(() => ({
      fired: (window as any).__xssFired ?? 0,
      // Elements a payload would create (the console itself draws none of these).
      injected: document.body.querySelectorAll(
        'script, img, svg, iframe, video, math, details, object, embed, marquee, style, a[href^="javascript"]',
      ).length,
      // Inline event handler attributes (the console attaches listeners, never on* attributes).
      handlers: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
    }));
    expect(state).toEqual({ fired: 0, injected: 0, handlers: 0 });
  }

  test(`${PAYLOADS.length} payloads in member, workspace and API key names are shown as text and never run`, async ({ page, server }) => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(20);
    await page.addInitScript(() => {
      (window as any).xss = () => {
        (window as any).__xssFired = ((window as any).__xssFired ?? 0) + 1;
      };
    });
    const userIds = PAYLOADS.map((payload, i) => server.addUser(`xss.${i}@example.com`, payload, 'developer'));
    const short = PAYLOADS.filter((p) => p.length <= 40);
    const workspaceIds: string[] = [];
    for (const name of short) workspaceIds.push((await server.post('/workspaces', { name })).id);
    const keys = await server.all('/api_keys?status=active');
    for (let i = 0; i < PAYLOADS.length && i < keys.length; i++) await server.post(`/api_keys/${keys[i].id}`, { name: PAYLOADS[i] });
    // Every payload user is a member of the first payload workspace.
    for (const id of userIds) await server.post(`/workspaces/${workspaceIds[0]}/members`, { user_id: id, workspace_role: 'workspace_user' });

    const shownAsText = async (payloads: string[]) => {
      for (const payload of payloads) await expect(page.locator('main table').getByText(payload, { exact: true }).first()).toBeVisible();
    };

    await signIn(page, server, 'members?limit=100');
    await shownAsText(PAYLOADS);
    await nothingRan(page);

    await navLink(page, 'Workspaces').click();
    await page.goto(`${server.url}/workspaces?limit=100`);
    await shownAsText(short);
    await nothingRan(page);

    await page.getByRole('button', { name: /^Active workspace:/ }).click();
    await page.getByLabel('Search workspaces').fill('');
    await expect(page.getByRole('list', { name: 'Workspaces' }).getByRole('button')).toHaveCount(7 + short.length);
    await nothingRan(page);
    await page.keyboard.press('Escape');

    await page.goto(`${server.url}/workspaces/${workspaceIds[0]}?limit=100`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(short[0]);
    await shownAsText(PAYLOADS);
    await page.getByLabel('Find a person by name or email').fill('developer');
    await nothingRan(page);

    await page.goto(`${server.url}/api-keys?limit=100`);
    await shownAsText(PAYLOADS.slice(0, keys.length));
    await nothingRan(page);

    // The confirmation and the toast name the person as text too.
    await page.goto(`${server.url}/members?limit=100`);
    const victim = PAYLOADS[1];
    await page.getByRole('button', { name: `Remove ${victim} (xss.1@example.com)` }).click();
    await expect(page.getByRole('dialog').getByRole('heading')).toHaveText(`Remove ${victim}?`);
    await page.getByRole('dialog').getByRole('button', { name: `Remove ${victim}` }).click();
    await expect(toast(page, `Removed ${victim} (xss.1@example.com)`)).toBeVisible();
    await nothingRan(page);
    expect((await server.api('GET', `/users/${userIds[1]}`)).status).toBe(404);

    // The check can fail: a payload parsed as HTML here does run.
    await page.evaluate((html) => document.body.insertAdjacentHTML('beforeend', html), PAYLOADS[1]);
    await expect.poll(() => page.evaluate(() => (window as any).__xssFired ?? 0)).toBe(1);
  });
});

test('the built index.html has a strict script policy, and the console works under it', async ({ page, server, allowedConsoleErrors }) => {
  const html = readFileSync(path.join(ROOT, 'dist', 'index.html'), 'utf8');
  const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
  expect(policy, 'a Content-Security-Policy meta tag').toBeTruthy();
  const directives = new Map(policy!.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
  const scripts = directives.get('script-src') ?? directives.get('default-src')!;
  expect(scripts).not.toContain("'unsafe-inline'");
  expect(scripts).not.toContain("'unsafe-eval'");
  expect(scripts.every((s) => ["'self'", "'wasm-unsafe-eval'"].includes(s) || /^'sha256-[A-Za-z0-9+/=]+'$/.test(s))).toBe(true);
  expect(directives.get('object-src')).toEqual(["'none'"]);

  // Under the policy: every page works (a violation is a console error, which fails the test).
  const violations: string[] = [];
  await page.exposeFunction('reportViolation', (what: string) => violations.push(what));
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) => (window as any).reportViolation(`${e.violatedDirective} ${e.blockedURI}`)),
  );
  await signIn(page, server);
  for (const name of ['Members', 'Invites', 'Workspaces', 'API keys', 'Overview']) {
    await navLink(page, name).click();
    await expect(rows(page).first().or(page.locator('.stats.counts'))).toBeVisible();
  }
  expect(violations).toEqual([]);

  // And it is enforced: an inline script added at run time does not run (Chromium reports the
  // refusal as a console error, expected here only).
  allowedConsoleErrors.push(/violates the following Content Security Policy directive/);
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.body.appendChild(script);
  });
  await expect.poll(() => violations.length).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as any).__inlineRan ?? false)).toBe(false);
});
