// The reference server as a test sees it: one process on loopback with its own fresh SQLite file
// and the demo organization, serving the built console (dist/) at its root. A test can read and
// change the server's data through the Admin API (to check what the console did), make fixtures
// with the server's CLI, force faults (`--test-faults`), and stop and start it again.
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

export const ROOT = path.resolve(__dirname, '..', '..');
const SERVER_BIN = process.env.ADMIN_SERVER ?? path.join(ROOT, 'target', 'debug', 'admin-server');
const DIST = process.env.CONSOLE_DIST ?? path.join(ROOT, 'dist');
const API = '/v1/organizations';

export interface ServerOptions {
  /** Start with the test-only fault mode on (`PUT /__test/faults`). */
  faults?: boolean;
  /** Requests per minute per key (default: more than any test makes). */
  rateLimit?: number;
}

/** One forced failure; see the server's `faults` module for the fields. */
export interface FaultRule {
  path: string;
  method?: string;
  times?: number;
  status?: number;
  retry_after?: number;
  delay_ms?: number;
  malformed?: boolean;
}

export interface SeenRequest {
  method: string;
  path: string;
  query: string;
  status: number;
}

export interface ApiAnswer<T = any> {
  status: number;
  body: T;
}

export class ReferenceServer {
  /** The server's origin, e.g. `http://127.0.0.1:41234`; the console is at `${url}/`. */
  url = '';
  /** An admin key made at start (`--demo` prints one). */
  adminKey = '';
  /** A key that may read but not write (403 on writes). */
  readOnlyKey = '';

  private process?: ChildProcess;
  private addr = '127.0.0.1:0';
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'admin-e2e-'));
  private readonly db = path.join(this.dir, 'e2e.db');
  private log: string[] = [];

  private constructor(private readonly options: ServerOptions) {}

  static async start(options: ServerOptions = {}): Promise<ReferenceServer> {
    const server = new ReferenceServer(options);
    await server.launch();
    server.readOnlyKey = server.cli('keys', 'create', '--name', 'e2e-read-only', '--read-only');
    return server;
  }

  /** Starts the process (again, after `stop`, on the same port and database). */
  async launch(): Promise<void> {
    const args = ['--db', this.db, 'serve', '--addr', this.addr, '--demo', '--dist', DIST];
    args.push('--rate-limit', String(this.options.rateLimit ?? 100_000));
    if (this.options.faults) args.push('--test-faults');
    const child = spawn(SERVER_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.process = child;
    child.stderr!.on('data', (chunk) => this.log.push(String(chunk)));
    const lines = createInterface({ input: child.stdout! });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not start:\n${this.log.join('')}`)), 20_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the server exited with ${code}:\n${this.log.join('')}`));
      });
      lines.on('line', (line) => {
        const key = /^demo admin key: (\S+)$/.exec(line);
        if (key && !this.adminKey) this.adminKey = key[1];
        const listening = /^listening on (http:\/\/(\S+))$/.exec(line);
        if (listening) {
          clearTimeout(timer);
          this.url = listening[1];
          this.addr = listening[2];
          resolve();
        }
      });
    });
  }

  /** Stops the process (the database stays): the console now finds nothing listening. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    this.process = undefined;
    child.removeAllListeners('exit');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    // The server gives requests under way 5 s to finish; past 10 s something is wrong.
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** What the server wrote on stderr, for a failing test's report. */
  output(): string {
    return this.log.join('');
  }

  /** Runs the server's CLI on this database (keys, fixtures) and returns what it printed. */
  cli(...args: string[]): string {
    return execFileSync(SERVER_BIN, ['--db', this.db, ...args], { encoding: 'utf8' }).trim();
  }

  /** Adds a member to the organization (the API cannot) and returns the new user's id. */
  addUser(email: string, name: string, role = 'user'): string {
    return this.cli('fixtures', 'user', '--email', email, '--name', name, '--role', role);
  }

  /** Calls the Admin API as a script would (no browser): `path` is below /v1/organizations. */
  async api<T = any>(method: string, apiPath: string, body?: unknown, key = this.adminKey): Promise<ApiAnswer<T>> {
    const response = await fetch(`${this.url}${API}${apiPath}`, {
      method,
      headers: {
        'x-api-key': key,
        'anthropic-version': '2023-06-01',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  /** `GET` that must succeed. */
  async get<T = any>(apiPath: string): Promise<T> {
    const answer = await this.api<T>('GET', apiPath);
    if (answer.status !== 200) throw new Error(`GET ${apiPath}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** `POST` that must succeed. */
  async post<T = any>(apiPath: string, body: unknown = {}): Promise<T> {
    const answer = await this.api<T>('POST', apiPath, body);
    if (answer.status !== 200) throw new Error(`POST ${apiPath}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** Every object of a list endpoint, following `has_more`. */
  async all<T = any>(apiPath: string): Promise<T[]> {
    const items: T[] = [];
    let after = '';
    for (;;) {
      const separator = apiPath.includes('?') ? '&' : '?';
      const page = await this.get<{ data: T[]; has_more: boolean; last_id: string }>(
        `${apiPath}${separator}limit=1000${after ? `&after_id=${after}` : ''}`,
      );
      items.push(...page.data);
      if (!page.has_more) return items;
      after = page.last_id;
    }
  }

  /** Replaces the forced faults (needs `faults: true`); `[]` turns them off. */
  async setFaults(faults: FaultRule[]): Promise<void> {
    const response = await fetch(`${this.url}/__test/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ faults }),
    });
    if (response.status !== 204) throw new Error(`PUT /__test/faults: ${response.status} ${await response.text()}`);
  }

  /** The Admin API requests the server saw (needs `faults: true`), oldest first. */
  async seenRequests(): Promise<SeenRequest[]> {
    const response = await fetch(`${this.url}/__test/requests`);
    return ((await response.json()) as { requests: SeenRequest[] }).requests;
  }

  async forgetRequests(): Promise<void> {
    await fetch(`${this.url}/__test/requests`, { method: 'DELETE' });
  }
}

/** `admin-server proxy` in front of a server: the console at `${url}/`, its Admin API calls
 * forwarded to `upstream` from this origin. It stores nothing; dispose stops it. */
export class AdminProxy {
  url = '';
  private log: string[] = [];

  private constructor(private readonly child: ChildProcess) {}

  static async start(upstream: string): Promise<AdminProxy> {
    const args = ['proxy', '--addr', '127.0.0.1:0', '--upstream', upstream, '--allow-http-upstream', '--dist', DIST];
    const proxy = new AdminProxy(spawn(SERVER_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
    proxy.child.stderr!.on('data', (chunk) => proxy.log.push(String(chunk)));
    const lines = createInterface({ input: proxy.child.stdout! });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the proxy did not start:\n${proxy.log.join('')}`)), 20_000);
      proxy.child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the proxy exited with ${code}:\n${proxy.log.join('')}`));
      });
      lines.on('line', (line) => {
        const listening = /^listening on (http:\/\/\S+)$/.exec(line);
        if (listening) {
          clearTimeout(timer);
          proxy.url = listening[1];
          resolve();
        }
      });
    });
    return proxy;
  }

  async dispose(): Promise<void> {
    if (this.child.exitCode !== null) return;
    this.child.removeAllListeners('exit');
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}
