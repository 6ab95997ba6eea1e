// The console's benchmark (run by scripts/bench-console.sh, which builds what it needs and copies
// dist/ first). Prints figures, never a verdict: no timing here passes or fails anything.
//
// Playwright drives Debian's Chromium (as e2e/playwright.config.ts does) against the release
// reference server on loopback, one server per data size, each with its own fresh SQLite file and
// the demo organization, serving a copy of the console with the floor page beside it
// (/bench-floor.html, e2e/bench/floor.html). Every run gets a fresh browser context (an empty
// HTTP cache, empty storage) with the cache also disabled over CDP (Network.setCacheDisabled).
// Console and floor runs alternate (console first in even runs, floor first in odd ones), after
// one warm-up run of each that is not counted.
//
// Times are taken inside the page with performance.now(): a cold load from the navigation's
// start, a page change from the click (or the last key typed), each until a MutationObserver sees
// the expected content in the DOM (e.g. the first row's email). API requests are counted with
// page.on('request') from the start of a step until 750 ms after its content appeared (so a
// background refetch is counted too).
//
// Usage: node e2e/bench/bench.mjs --server BIN --dist DIR --work DIR [--runs N] [--only small|large]
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import os from 'node:os';

const args = parseArgs(process.argv.slice(2));
const RUNS = Number(args.runs ?? 15);
const SETTLE_MS = 750;
const LOAD_TIMEOUT_MS = 30_000; // a cold load
const STEP_TIMEOUT_MS = 10_000; // a page change
const GIVE_UP_AFTER = 2; // failures of one step (one side) before its remaining runs are skipped
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const FLOOR = 'bench-floor.html';
const API = '/v1/organizations';
const started = Date.now();
const loadAtStart = os.loadavg()[0];

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)$/.exec(argv[i]);
    if (!m) throw new Error(`unknown argument ${argv[i]}`);
    out[m[1]] = argv[++i];
  }
  for (const required of ['server', 'dist', 'work']) {
    if (!out[required]) throw new Error(`--${required} is required`);
  }
  return out;
}

function log(message) {
  const seconds = ((Date.now() - started) / 1000).toFixed(0).padStart(4);
  process.stderr.write(`bench [${seconds} s] ${message}\n`);
}

// ---------------------------------------------------------------------------------------------
// The reference server: one process per data size.

async function startServer(size) {
  const db = path.join(args.work, `bench-${size}.db`);
  const child = spawn(
    args.server,
    ['--db', db, 'serve', '--addr', '127.0.0.1:0', '--dist', args.dist, '--demo', '--demo-size', size, '--rate-limit', '1000000'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const errors = [];
  child.stderr.on('data', (chunk) => errors.push(String(chunk)));
  const lines = createInterface({ input: child.stdout });
  const server = await new Promise((resolve, reject) => {
    const found = { child, key: '', url: '' };
    const timer = setTimeout(() => reject(new Error(`the ${size} server did not start:\n${errors.join('')}`)), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the ${size} server exited with ${code}:\n${errors.join('')}`));
    });
    lines.on('line', (line) => {
      const key = /^demo admin key: (\S+)$/.exec(line);
      if (key) found.key = key[1];
      const listening = /^listening on (http:\/\/\S+)$/.exec(line);
      if (listening) {
        clearTimeout(timer);
        found.url = listening[1];
        resolve(found);
      }
    });
  });
  child.removeAllListeners('exit');
  return server;
}

async function stopServer(server) {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function api(server, apiPath) {
  const response = await fetch(`${server.url}${API}${apiPath}`, {
    headers: { 'x-api-key': server.key, 'anthropic-version': '2023-06-01' },
  });
  const body = await response.json();
  if (response.status !== 200) throw new Error(`GET ${apiPath}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

async function all(server, apiPath) {
  const items = [];
  let after = '';
  for (;;) {
    const sep = apiPath.includes('?') ? '&' : '?';
    const page = await api(server, `${apiPath}${sep}limit=1000${after ? `&after_id=${after}` : ''}`);
    items.push(...page.data);
    if (!page.has_more) return items;
    after = page.last_id;
  }
}

// ---------------------------------------------------------------------------------------------
// The page side: a probe installed before any of the page's scripts run.

// Runs in the page. `until(kind, arg)` resolves with performance.now() when the DOM first shows
// what `kind` names; `cold` is that promise for the content a cold load waits for.
function probe({ session, cold }) {
  if (session) {
    sessionStorage.setItem('admin-console.admin-key', session.key);
    sessionStorage.setItem('admin-console.session-base-url', session.url);
  }
  const checks = {
    // The first row of the page's table holds `arg` (an email, a workspace name).
    firstRow: (arg) => {
      const row = document.querySelector('main tbody tr');
      return !!row && row.textContent.includes(arg);
    },
    // Some row holds `arg`.
    anyRow: (arg) => [...document.querySelectorAll('main tbody tr')].some((row) => row.textContent.includes(arg)),
    // Four numbers, none still loading.
    counts: () => {
      const numbers = [...document.querySelectorAll('ul.stats .stat-number')];
      return numbers.length === 4 && numbers.every((n) => /\d/.test(n.textContent) && !n.matches('[aria-busy="true"]'));
    },
    // The picker lists people for what was typed (`arg`, lower case).
    suggestions: (arg) => {
      const box = document.querySelector('#member-search');
      const first = document.querySelector('ul[aria-label="Matching people"] button');
      return !!box && box.value.toLowerCase() === arg && !!first && first.textContent.toLowerCase().includes(arg);
    },
  };
  const until = (kind, arg) =>
    new Promise((resolve) => {
      const check = () => {
        if (!checks[kind](arg)) return false;
        observer.disconnect();
        resolve(performance.now());
        return true;
      };
      const observer = new MutationObserver(check);
      observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
      if (document.documentElement) check();
    });
  const keys = [];
  addEventListener('keydown', (event) => keys.push(event.timeStamp), true);
  window.__bench = {
    until,
    keys,
    // Clicks an element (found by CSS and exact text) and resolves with the time from the click
    // to what `kind` waits for.
    clickUntil: (selector, text, kind, arg) => {
      const target = [...document.querySelectorAll(selector)].find((e) => e.textContent.trim() === text);
      if (!target) return Promise.reject(new Error(`no ${selector} "${text}"`));
      const done = until(kind, arg);
      const t0 = performance.now();
      target.click();
      return done.then((t1) => t1 - t0);
    },
    transferred: () => {
      const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
      return entries.reduce((sum, e) => sum + (e.transferSize || 0), 0);
    },
  };
  if (cold) window.__bench.cold = until(cold.kind, cold.arg);
}

let browser;

// A fresh context and page; `session` signs it in the way the console itself keeps a session
// (sessionStorage), `cold` is what the first load waits for.
async function freshPage({ session, cold }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(probe, { session: session ?? null, cold: cold ?? null });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const requests = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith(API)) requests.push(`${request.method()} ${url.pathname.slice(API.length)}${url.search}`);
  });
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  return { context, page, requests, errors };
}

// `promise`, or after `ms` an error that says what the page showed instead.
function withTimeout(promise, page, ms = STEP_TIMEOUT_MS) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(async () => {
      const shown = await page
        .evaluate(() => {
          const row = document.querySelector('main tbody tr');
          return `${location.pathname}${location.search}, first row "${(row ? row.textContent : 'none').slice(0, 50)}"`;
        })
        .catch(() => 'unknown');
        reject(new Error(`not shown after ${ms / 1000} s (the page: ${shown})`));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Requests made by a step: those from `from` on, once the step has settled.
async function settledSince(requests, from) {
  await sleep(SETTLE_MS);
  return requests.slice(from);
}

// ---------------------------------------------------------------------------------------------
// Results.

const results = new Map(); // name -> { console: Sample, floor: Sample }
const failures = new Map(); // "name (side)" -> { count, skipped, message }
const lastRequests = new Map(); // name -> the last run's API requests, console side
function sample(name, side) {
  if (!results.has(name)) results.set(name, { console: { ms: [], req: [], kb: [] }, floor: { ms: [], req: [], kb: [] } });
  return results.get(name)[side];
}
function record(name, side, ms, requests, bytes) {
  const s = sample(name, side);
  s.ms.push(ms);
  s.req.push(requests.length);
  if (bytes !== undefined) s.kb.push(bytes / 1024);
  if (side === 'console') lastRequests.set(name, requests);
}

// Runs `body(side)` for each side, `RUNS` times after a warm-up, alternating which goes first.
// `recording` is false during the warm-up.
async function alternate(title, sides, body) {
  log(`${title}: warm-up`);
  for (const side of sides) await guarded(title, side, () => body(side, false));
  for (let run = 0; run < RUNS; run++) {
    const order = run % 2 === 0 ? sides : [...sides].reverse();
    for (const side of order) await guarded(title, side, () => body(side, true));
  }
  log(`${title}: ${RUNS} runs done`);
}

// A failure names its step (`error.step`, else the section's title).
async function guarded(title, side, body) {
  try {
    await body();
  } catch (error) {
    const where = `${error.step ?? title} (${side})`;
    const message = String(error.message ?? error).split('\n')[0];
    const failure = failures.get(where) ?? { count: 0, skipped: 0, message };
    failure.count++;
    failure.message = message;
    failures.set(where, failure);
    log(`FAILED ${where}: ${message}`);
  }
}

// Runs one measured step, unless it has failed too often already (then it is skipped: a step
// that never shows what it waits for would cost its timeout in every run).
async function attempt(name, side, body) {
  const failure = failures.get(`${name} (${side})`);
  if (failure && failure.count >= GIVE_UP_AFTER) {
    failure.skipped++;
    return false;
  }
  try {
    await body();
    return true;
  } catch (error) {
    error.step = name;
    throw error;
  }
}

// Opens `path` cold and waits for `cold`; records it under `name`; returns the open page.
// Returns null when the step is skipped (see `attempt`).
async function coldLoad(server, side, path, cold, name, recording, session = server) {
  let tab = null;
  await attempt(name, side, async () => {
    tab = await openCold(server, side, path, cold, name, recording, session);
  });
  return tab;
}

async function openCold(server, side, path, cold, name, recording, session) {
  const tab = await freshPage({ session: { key: session.key, url: session.url }, cold });
  const { page, requests, errors } = tab;
  try {
    await page.goto(`${server.url}/${path}`);
    const ms = await withTimeout(page.evaluate(() => window.__bench.cold), page, LOAD_TIMEOUT_MS);
    const seen = await settledSince(requests, 0);
    const bytes = await page.evaluate(() => window.__bench.transferred());
    if (errors.length) throw new Error(`console errors: ${errors.join(' | ')}`);
    if (recording && name) record(name, side, ms, seen, bytes);
    return tab;
  } catch (error) {
    await tab.context.close();
    throw error;
  }
}

// A click on the page (`selector` with `text`) until `kind`/`arg`; recorded under `name`.
async function step(tab, side, name, recording, selector, text, kind, arg) {
  await attempt(name, side, async () => {
    const from = tab.requests.length;
    const ms = await withTimeout(
      tab.page.evaluate(([s, t, k, a]) => window.__bench.clickUntil(s, t, k, a), [selector, text, kind, arg]),
      tab.page,
    );
    const seen = await settledSince(tab.requests, from);
    if (recording) record(name, side, ms, seen);
  });
}

const NAV = 'nav[aria-label="Main"] a';
const NEXT = 'main button'; // "Next page": the console's pager and the floor's button

// ---------------------------------------------------------------------------------------------
// The measurements.

async function small() {
  log('starting the reference server (small demo)');
  const server = await startServer('small');
  try {
    const users = await all(server, '/users');
    const workspaces = await all(server, '/workspaces');
    log(`small demo: ${users.length} members, ${workspaces.length} active workspaces`);
    const firstEmail = users[0].email;
    const page2Email = users[20].email;

    // 1 and 2: a cold load of Members, then Workspaces, back to Members, and Next page.
    await alternate('Members, cold, then page changes', ['console', 'floor'], async (side, recording) => {
      const path = side === 'console' ? 'members' : `${FLOOR}?view=members`;
      const tab = await coldLoad(server, side, path, { kind: 'firstRow', arg: firstEmail }, 'Members: cold load to first rows', recording);
      if (!tab) return;
      try {
        await sleep(SETTLE_MS);
        await step(tab, side, 'Members -> Workspaces (nav link)', recording, NAV, 'Workspaces', 'anyRow', workspaces[0].name);
        await step(tab, side, 'Workspaces -> Members (nav link)', recording, NAV, 'Members', 'firstRow', firstEmail);
        await step(tab, side, 'Members page 1 -> 2 ("Next page")', recording, NEXT, 'Next page', 'firstRow', page2Email);
        if (tab.errors.length) throw new Error(`console errors: ${tab.errors.join(' | ')}`);
      } finally {
        await tab.context.close();
      }
    });

    // 1b: the same cold load through the sign-in form, as the e2e tests sign in.
    const viaForm = 'Members: cold, via the sign-in form *';
    await alternate('Members, cold, through the sign-in form', ['console'], (side, recording) => attempt(viaForm, side, async () => {
      const tab = await freshPage({ cold: { kind: 'firstRow', arg: firstEmail } });
      try {
        const { page, requests } = tab;
        await page.goto(`${server.url}/members`);
        await page.getByLabel('Base URL').fill(server.url);
        await page.getByLabel('Admin key').fill(server.key);
        await page.getByRole('button', { name: 'Sign in' }).click();
        const ms = await withTimeout(page.evaluate(() => window.__bench.cold), page, LOAD_TIMEOUT_MS);
        const seen = await settledSince(requests, 0);
        const bytes = await page.evaluate(() => window.__bench.transferred());
        if (recording) record(viaForm, side, ms, seen, bytes);
      } finally {
        await tab.context.close();
      }
    }));
  } finally {
    await stopServer(server);
  }
}

async function large() {
  log('starting the reference server (large demo: 10,000 members)');
  const t0 = Date.now();
  const server = await startServer('large');
  log(`large demo ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  try {
    const users = await all(server, '/users');
    const workspaces = await all(server, '/workspaces');
    log(`large demo: ${users.length} members, ${workspaces.length} active workspaces`);
    const deepIndex = Math.min(9000, users.length - 21);
    const deepAfter = users[deepIndex - 1].id;
    const deepEmail = users[deepIndex].email;

    // 3a: first page cold, then Next page.
    await alternate('Large: Members, cold, then Next page', ['console', 'floor'], async (side, recording) => {
      const path = side === 'console' ? 'members' : `${FLOOR}?view=members`;
      const tab = await coldLoad(server, side, path, { kind: 'firstRow', arg: users[0].email }, 'L: Members: cold load to first rows', recording);
      if (!tab) return;
      try {
        await sleep(SETTLE_MS);
        await step(tab, side, 'L: Members page 1 -> 2 ("Next page")', recording, NEXT, 'Next page', 'firstRow', users[20].email);
      } finally {
        await tab.context.close();
      }
    });

    // 3b: a deep page, by its URL.
    await alternate(`Large: Members, cold, deep page (members ${deepIndex + 1}+)`, ['console', 'floor'], async (side, recording) => {
      const path = side === 'console' ? `members?after_id=${deepAfter}` : `${FLOOR}?view=members&after_id=${deepAfter}`;
      const tab = await coldLoad(server, side, path, { kind: 'firstRow', arg: deepEmail }, `L: deep page by URL (after_id, #${deepIndex + 1})`, recording);
      await tab?.context.close();
    });

    // 3c: Overview, cold, until its four numbers.
    await alternate('Large: Overview, cold, to its counts', ['console', 'floor'], async (side, recording) => {
      const path = side === 'console' ? '' : `${FLOOR}?view=overview`;
      const tab = await coldLoad(server, side, path, { kind: 'counts' }, 'L: Overview: cold load to all 4 counts', recording);
      await tab?.context.close();
    });

    // 3d: the member picker of a workspace, console only (the API has no search to floor it with).
    const workspace = workspaces[0];
    const inside = new Set((await all(server, `/workspaces/${workspace.id}/members`)).map((m) => m.user_id));
    const outsiders = users.filter((u) => !inside.has(u.id) && u.role !== 'admin' && u.role !== 'billing');
    const needles = [...new Set(outsiders.map((u) => u.name.slice(0, 3).toLowerCase()))];
    const [first, second] = [needles[0], needles.find((n) => n[0] !== needles[0][0]) ?? needles[1]];
    log(`picker: workspace "${workspace.name}" (${inside.size} members), typing "${first}" then "${second}"`);
    const picker = 'L: picker';
    await alternate('Large: workspace member picker', ['console'], (side, recording) => attempt(picker, side, async () => {
      const tab = await freshPage({ session: { key: server.key, url: server.url } });
      try {
        const { page, requests } = tab;
        await page.goto(`${server.url}/workspaces/${workspace.id}`);
        const search = page.locator('#member-search');
        await search.waitFor({ state: 'visible', timeout: LOAD_TIMEOUT_MS });
        const opened = await page.evaluate(() => performance.now());
        // As a person would: the page is there, type three letters at once.
        await page.evaluate((needle) => {
          window.__bench.pending = window.__bench.until('suggestions', needle);
        }, first);
        await search.focus();
        await page.keyboard.type(first);
        const t1 = await withTimeout(page.evaluate(() => window.__bench.pending), page, LOAD_TIMEOUT_MS);
        const keys = await page.evaluate(() => window.__bench.keys.slice());
        const seen = await settledSince(requests, 0);
        if (recording) {
          record('L: picker: 3rd letter typed to suggestions', side, t1 - keys[keys.length - 1], seen);
          record('L: picker: search box shown to suggestions (typing incl.)', side, t1 - opened, seen);
        }
        // Again, once everything is loaded: the filtering alone.
        await search.fill('');
        const from = requests.length;
        await page.evaluate((needle) => {
          window.__bench.pending = window.__bench.until('suggestions', needle);
        }, second);
        await page.keyboard.type(second);
        const t2 = await withTimeout(page.evaluate(() => window.__bench.pending), page);
        const keys2 = await page.evaluate(() => window.__bench.keys.slice());
        const seen2 = await settledSince(requests, from);
        if (recording) record('L: picker: 2nd search (all loaded), 3rd letter to suggestions', side, t2 - keys2[keys2.length - 1], seen2);
        if (tab.errors.length) throw new Error(`console errors: ${tab.errors.join(' | ')}`);
      } finally {
        await tab.context.close();
      }
    }));
  } finally {
    await stopServer(server);
  }
}

// ---------------------------------------------------------------------------------------------
// The table.

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function timeCell(s) {
  if (!s.ms.length) return 'n/a';
  const f = (v) => (v < 10 ? v.toFixed(1) : v.toFixed(0));
  return `${f(median(s.ms))} (${f(Math.min(...s.ms))}-${f(Math.max(...s.ms))})`;
}

function reqCell(s) {
  if (!s.req.length) return '';
  const lo = Math.min(...s.req);
  const hi = Math.max(...s.req);
  return lo === hi ? `${lo}` : `${median(s.req)} [${lo}-${hi}]`;
}

function kbCell(s) {
  return s.kb.length ? `${median(s.kb).toFixed(0)}` : '';
}

function print() {
  const header = ['measurement', 'console ms: median (min-max)', 'floor ms: median (min-max)', 'ratio', 'API req c/f', 'KB c/f'];
  const body = [];
  for (const [name, { console: c, floor: f }] of results) {
    const ratio = c.ms.length && f.ms.length ? `${(median(c.ms) / median(f.ms)).toFixed(1)}x` : '';
    const req = f.req.length ? `${reqCell(c)} / ${reqCell(f)}` : reqCell(c);
    const kb = c.kb.length || f.kb.length ? `${kbCell(c)} / ${kbCell(f) || '-'}` : '';
    body.push([name, timeCell(c), f.ms.length ? timeCell(f) : '-', ratio, req, kb]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const out = [];
  out.push('');
  out.push(`Console benchmark: ${RUNS} runs each (after 1 warm-up), console and floor alternating; medians, (min-max).`);
  out.push(`Chromium ${browser.version()} headless, fresh context and cache disabled per run; release admin-server on loopback.`);
  out.push(`Load average (1 min) at start ${loadAtStart.toFixed(2)}, at end ${os.loadavg()[0].toFixed(2)}, on ${os.cpus().length} cores: other work on the machine shows in the figures.`);
  out.push('');
  out.push(line(header));
  out.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of body) out.push(line(r));
  out.push('');
  out.push('Cold loads: from navigation start to the expected content in the DOM, signed in from sessionStorage');
  out.push('  (the console\'s own items, as after a reload of a signed-in tab). * = through the sign-in form');
  out.push('  instead (Playwright fills Base URL and key and clicks Sign in; its typing is in the time).');
  out.push('Page changes: from the click to the new content. L: = the large demo (10,000 members).');
  out.push('API req c/f = Admin API requests, console / floor (median [min-max]), until 750 ms after the content');
  out.push('  appeared. KB = bytes transferred by the load (document + resources, compressed on the wire).');
  out.push('The floor (e2e/bench/floor.html) is plain JS: fetch + a table, no cache, served by the same server.');
  out.push('');
  out.push("API requests of the console's last run, per step:");
  for (const [name, requests] of lastRequests) {
    if (name.startsWith('L: picker: search box') || name.startsWith('Members: cold, via')) continue;
    const shown = requests.length > 6 ? [...requests.slice(0, 5), `... (${requests.length} in all)`] : requests;
    out.push(`  ${name}: ${requests.length ? shown.join(', ') : 'none'}`);
  }
  if (failures.size) {
    out.push('');
    out.push('Steps that could not be measured (n/a above, or fewer runs), with the last failure:');
    for (const [where, f] of failures) {
      const skipped = f.skipped ? `, then skipped in ${f.skipped} run(s)` : '';
      out.push(`  ${where}: failed ${f.count} time(s)${skipped}: ${f.message}`);
    }
  }
  out.push('');
  out.push(`bench: ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
  console.log(out.join('\n'));
}

browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  if (args.only !== 'large') await small();
  if (args.only !== 'small') await large();
  print();
} finally {
  await browser.close();
}
process.exit(failures.size ? 1 : 0);
