import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { formatErrorShape } from '@standby/api';
import { createPgPool } from '@standby/db';
import { wireTransformer } from '@standby/protocol';
import { TRPCError } from '@trpc/server';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LARGE_BODIES_BUDGET, largeBodyBytesInFlight } from '../src/server/http-limits';
import { browserClient } from './fixtures';
import { internalsIn } from './internals-in';
import { startTestDashboard, type TestDashboard } from './test-dashboard';

// The HTTP edge (docs/SECURITY.md, "Web and API edge"): body limits before any work, error bodies
// without internals in every mode, security headers on every answer, and the Origin check of
// state-changing requests and socket.io handshakes. All over real HTTP and real sockets.

const ROOT = path.resolve(import.meta.dirname, '../../..');
const EVIL = 'http://evil.example:8080';

interface TRawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  ms: number;
}

/**
 * A POST streamed in 64 KB chunks (chunked encoding, no Content-Length) from one reused buffer, so
 * the client holds nothing either; resolves with the server's answer as soon as it arrives.
 */
function streamPost(
  url: string,
  totalBytes: number,
  headers: Record<string, string> = {},
): Promise<TRawAnswer> {
  const started = Date.now();
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
    });
    request.on('response', (response) => {
      let body = '';
      response.on('data', (part: Buffer) => {
        body += part.toString();
      });
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body,
          ms: Date.now() - started,
        }),
      );
    });
    // The server cuts the connection after its answer: writes then fail, which is expected.
    request.on('error', (error) => {
      if (!request.writableEnded) reject(error);
    });
    void (async () => {
      request.write('{"json":{"token":"');
      let sent = 0;
      while (sent < totalBytes && !request.destroyed) {
        if (!request.write(chunk)) await drainedOrClosed(request);
        sent += chunk.length;
      }
      if (!request.destroyed) request.end('"}}');
    })().catch(() => {});
  });
}

function drainedOrClosed(request: http.ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      request.off('drain', done);
      request.off('close', done);
      resolve();
    };
    request.on('drain', done);
    request.on('close', done);
  });
}

/** A request that declares `contentLength` and sends no body: the answer must not wait for one. */
function declaredPost(
  url: string,
  contentLength: number,
  headers: Record<string, string> = {},
): Promise<TRawAnswer> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(contentLength), ...headers },
    });
    request.on('response', (response) => {
      let body = '';
      response.on('data', (part: Buffer) => {
        body += part.toString();
      });
      response.on('end', () => {
        request.destroy();
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body,
          ms: Date.now() - started,
        });
      });
    });
    request.on('error', reject);
    request.flushHeaders();
  });
}

/** The highest RSS seen while `work` runs (sampled every 5 ms), minus the RSS before it. */
async function rssGrowthDuring<T>(work: () => Promise<T>): Promise<{ result: T; growthMb: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growthMb: (peak - before) / (1024 * 1024) };
  } finally {
    clearInterval(sampler);
  }
}

async function connectOrRefuse(socket: Socket): Promise<'connected' | string> {
  try {
    return await new Promise((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (error) => resolve(error.message));
    });
  } finally {
    socket.close();
  }
}

const SECURITY_HEADERS = [
  'content-security-policy',
  'x-frame-options',
  'x-content-type-options',
  'referrer-policy',
  'cross-origin-opener-policy',
  'permissions-policy',
];

function expectSecurityHeaders(headers: Headers | http.IncomingHttpHeaders, dev = false) {
  const get = (name: string) =>
    headers instanceof Headers ? headers.get(name) : (headers[name] as string | undefined);
  for (const name of SECURITY_HEADERS) expect(get(name), name).toBeTruthy();
  const csp = get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'self'");
  expect(csp).toContain("form-action 'self'");
  expect(csp.includes("'unsafe-eval'")).toBe(dev);
  expect(get('x-frame-options')).toBe('DENY');
  expect(get('x-content-type-options')).toBe('nosniff');
  expect(get('referrer-policy')).toBe('no-referrer');
  expect(get('cross-origin-opener-policy')).toBe('same-origin');
}

/** The error answers any client can provoke without an account: none may show internals. */
async function anonymousErrorAnswers(url: string): Promise<{ what: string; status: number; body: string }[]> {
  const input = (value: unknown) => encodeURIComponent(JSON.stringify(wireTransformer.serialize(value)));
  const post = (procedure: string, body: string) =>
    fetch(`${url}/api/trpc/${procedure}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
  const answers: [string, Response][] = [
    ['unknown procedure', await fetch(`${url}/api/trpc/nothing.here?input=${input({})}`)],
    ['wrong method (GET to a mutation)', await fetch(`${url}/api/trpc/agent.enroll?input=${input({})}`)],
    ['wrong method (POST to a query)', await post('session.me', '{}')],
    ['malformed JSON', await post('agent.enroll', '{"json": {"token": ')],
    ['hostile superjson meta', await post('agent.enroll', '{"json":{"a":"x"},"meta":{"values":"nonsense"}}')],
    ['prototype keys', await post('agent.enroll', '{"json":{"__proto__":{"x":1},"token":"t"}}')],
    ['bad input (GET query)', await fetch(`${url}/api/trpc/host.get?input=${input({ hostId: 'x\u0000' })}`)],
    [
      'NUL byte in a public mutation',
      await post(
        'agent.enroll',
        JSON.stringify(
          wireTransformer.serialize({
            token: 't\u0000',
            hostKey: 'h',
            hostname: 'h\u0000',
            application: 'a',
          }),
        ),
      ),
    ],
    [
      'batch of good and bad calls',
      await fetch(
        `${url}/api/trpc/session.me,host.get,nothing.here?batch=1&input=${input({ 1: { hostId: 1 } })}`,
      ),
    ],
    ['no procedure at all', await post('', '{}')],
  ];
  return Promise.all(
    answers.map(async ([what, response]) => ({ what, status: response.status, body: await response.text() })),
  );
}

describe('the HTTP edge', { timeout: 120_000 }, () => {
  let dashboard: TestDashboard;
  let adminCookie: string;
  let viewerCookie: string;

  beforeAll(async () => {
    dashboard = await startTestDashboard();
    adminCookie = await dashboard.signIn('admin');
    viewerCookie = await dashboard.signIn('viewer');
  });
  afterAll(async () => {
    await dashboard?.dispose();
  });

  describe('body limits', () => {
    it('refuses a 50 MB chunked POST to the public agent.enroll at once, holding no more memory', async () => {
      // Warm up the path first so that the measurement sees the request, not first-use allocations.
      await streamPost(`${dashboard.url}/api/trpc/agent.enroll`, 64 * 1024);
      const { result, growthMb } = await rssGrowthDuring(() =>
        streamPost(`${dashboard.url}/api/trpc/agent.enroll`, 50 * 1024 * 1024),
      );
      console.info(
        `[edge] 50 MB chunked enroll: ${result.status} after ${result.ms} ms, RSS +${growthMb.toFixed(1)} MB`,
      );
      expect(result.status).toBe(413);
      expect(JSON.parse(result.body)).toEqual({
        code: 'PAYLOAD_TOO_LARGE',
        message: expect.stringContaining('16 KB'),
      });
      expect(result.ms).toBeLessThan(5_000);
      // The whole body would be 50 MB (and was buffered whole before): a few MB is noise.
      expect(growthMb).toBeLessThan(10);
      expectSecurityHeaders(result.headers);
    });

    it('refuses a declared 300 MB body without waiting for it, also to sign-in and the export', async () => {
      for (const route of ['/api/trpc/agent.enroll', '/api/auth/sign-in/email', '/api/export/fleet-audit']) {
        const answer = await declaredPost(`${dashboard.url}${route}`, 300 * 1024 * 1024);
        expect(answer.status, route).toBe(413);
        expect(JSON.parse(answer.body).code).toBe('PAYLOAD_TOO_LARGE');
        expect(answer.ms).toBeLessThan(3_000);
      }
      // Sign-in takes 16 KB at most, streamed too.
      const signIn = await streamPost(`${dashboard.url}/api/auth/sign-in/email`, 100 * 1024);
      expect(signIn.status).toBe(413);
    });

    it('caps a viewer sending 5 MB to an operator mutation at 1 MB, before the role check', async () => {
      const answer = await streamPost(`${dashboard.url}/api/trpc/commands.runCheckNow`, 5 * 1024 * 1024, {
        cookie: viewerCookie,
      });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body).message).toContain('1 MB');
      // Within the limit the call goes on to the role check as before.
      const small = await fetch(`${dashboard.url}/api/trpc/commands.runCheckNow`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: viewerCookie },
        body: JSON.stringify(wireTransformer.serialize({ target: { kind: 'hosts', hostIds: [] } })),
      });
      expect(small.status).toBe(403);
    });

    it('bounds the memory of many slow large bodies sent with a made-up cookie (429 past the budget)', async () => {
      // 40 connections each claim 1,000,000 bytes with a cookie nobody checked yet, send 900 KB and stall:
      // 36 MB would be held without the budget.
      const { hostname, port } = new URL(dashboard.url);
      const statuses: string[] = [];
      const sockets = await Promise.all(
        Array.from({ length: 40 }, async () => {
          const socket = net.connect(Number(port), hostname);
          await once(socket, 'connect');
          socket.on('data', (chunk: Buffer) =>
            statuses.push(chunk.toString('latin1').split('\r\n')[0] ?? ''),
          );
          socket.on('error', () => {});
          socket.write(
            'POST /api/trpc/commands.runCheckNow HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
              'Cookie: better-auth.session_token=made.up\r\nContent-Length: 1000000\r\n\r\n',
          );
          socket.write(Buffer.alloc(900_000, 0x20));
          return socket;
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const held = largeBodyBytesInFlight();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => setTimeout(resolve, 500));
      console.info(
        `[edge] 40 stalled 900 KB bodies: ${(held / 1024 / 1024).toFixed(1)} MB held, ${statuses.filter((line) => line.includes('429')).length} × 429`,
      );
      expect(held).toBeLessThanOrEqual(LARGE_BODIES_BUDGET);
      expect(statuses.filter((line) => line.includes(' 429 ')).length).toBeGreaterThan(0);
      expect(largeBodyBytesInFlight()).toBe(0);
      // The REST API takes API tokens only: without one, the small limit.
      const rest = await streamPost(`${dashboard.url}/api/v1/commands/run-check`, 100 * 1024, {
        cookie: adminCookie,
      });
      expect(rest.status).toBe(413);
    });

    it('passes bodies within the limits on to tRPC and better-auth unchanged', async () => {
      const admin = browserClient(dashboard.url, adminCookie);
      const created = await admin.admin.createEnrollmentToken.mutate({
        label: 'edge'.repeat(20),
        expiresInHours: 1,
      });
      expect(created.token.length).toBeGreaterThan(10);
      // signIn goes through /api/auth/sign-in/email over HTTP.
      expect(await dashboard.signIn('operator')).toContain('=');
      const signOut = await fetch(`${dashboard.url}/api/auth/sign-out`, {
        method: 'POST',
        headers: { cookie: await dashboard.signIn('viewer'), origin: dashboard.url },
      });
      expect(signOut.status).toBe(200);
    });
  });

  describe('error bodies', () => {
    it('carry a code and a message only, whatever the mistake (test mode: tRPC would add stacks)', async () => {
      const answers = await anonymousErrorAnswers(dashboard.url);
      for (const { what, status, body } of answers) {
        // A batch with good and bad calls is 207 (multi-status), each call with its own error.
        expect(status, what).toBeGreaterThanOrEqual(what.startsWith('batch') ? 207 : 400);
        expect(status, what).toBeLessThan(500);
        expect(internalsIn(body), `${what}: ${body}`).toBeNull();
      }
      const byWhat = Object.fromEntries(answers.map((answer) => [answer.what, answer]));
      expect(byWhat['unknown procedure']?.status).toBe(404);
      expect(byWhat['wrong method (GET to a mutation)']?.status).toBe(405);
      expect(byWhat['malformed JSON']?.body).toContain('could not be read');
      expect(byWhat['hostile superjson meta']?.body).toContain('could not be read');
      expect(byWhat['NUL byte in a public mutation']?.body).toMatch(/hostname: contains a NUL character/);
      // Every error shape holds exactly message, code and data { code, httpStatus, path }.
      const shape = JSON.parse(byWhat['unknown procedure']?.body ?? '{}').error.json;
      expect(Object.keys(shape).sort()).toEqual(['code', 'data', 'message']);
      expect(Object.keys(shape.data).sort()).toEqual(['code', 'httpStatus', 'path']);
    });

    it('answers database refusals caused by a value as BAD_REQUEST without their text (safety net)', async () => {
      const prisma = dashboard.prisma;
      const pool = createPgPool(dashboard.databaseUrl, 1);
      const caught = async (work: () => Promise<unknown>) =>
        work().then(
          () => {
            throw new Error('expected a database error');
          },
          (error: unknown) => error,
        );
      try {
        const failures: [string, unknown][] = [
          ['NUL byte (22021)', await caught(() => prisma.user.findUnique({ where: { id: 'a\u0000' } }))],
          [
            'bigint overflow (22003)',
            await caught(() => prisma.alertDelivery.findUnique({ where: { id: 2n ** 63n } })),
          ],
          ['int4 overflow (22003)', await caught(() => prisma.$queryRaw`SELECT ${3_000_000_000}::int`)],
          [
            'year 0000 (22008)',
            await caught(() => prisma.$queryRaw`SELECT ${'0000-01-01T00:00:00Z'}::timestamp(3)`),
          ],
          ['not a uuid (22P02)', await caught(() => prisma.$queryRaw`SELECT ${'nope'}::uuid`)],
          ['NUL in json (22P05)', await caught(() => prisma.$queryRaw`SELECT ${'{"a":"\\u0000"}'}::jsonb`)],
          ['raw pg pool (22003)', await caught(() => pool.query('SELECT $1::int', [3_000_000_000]))],
        ];
        for (const [what, cause] of failures) {
          const shape = formatErrorShape({
            error: new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause }),
            path: 'some.procedure',
          });
          expect(shape.data, what).toEqual({ code: 'BAD_REQUEST', httpStatus: 400, path: 'some.procedure' });
          expect(internalsIn(JSON.stringify(shape)), what).toBeNull();
          expect(shape.message).not.toMatch(/0x00|out of range for type|uuid|json/);
        }
        // A real failure (not the value's fault) stays INTERNAL.
        const missing = await caught(() => prisma.$queryRaw`SELECT * FROM "NoSuchTable"`);
        const shape = formatErrorShape({
          error: new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: missing }),
          path: undefined,
        });
        expect(shape.data.code).toBe('INTERNAL');
      } finally {
        await pool.end();
      }
    });

    it('refuses input-shaped values before the database: ids past bigint, cursors past int4, NUL, year 0000', async () => {
      const admin = browserClient(dashboard.url, adminCookie);
      const refusal = (promise: Promise<unknown>) =>
        promise.then(
          () => 'accepted',
          (error: { data?: { code?: string; httpStatus?: number }; message: string }) =>
            `${error.data?.httpStatus} ${error.data?.code}: ${error.message}`,
        );
      const cursorOf = (scope: string, key: unknown[]) =>
        Buffer.from(JSON.stringify({ s: scope, k: key })).toString('base64url');
      const answers = [
        await refusal(admin.alerts.retryDelivery.mutate({ id: '9999999999999999999' })),
        await refusal(admin.changes.list.query({ commandId: '9223372036854775808' })),
        await refusal(
          admin.fleet.page.query({
            sort: 'status',
            cursor: cursorOf('fleet:status:asc', [2 ** 40, 'a', '00000000-0000-4000-8000-000000000000']),
          }),
        ),
        await refusal(
          admin.fleet.page.query({
            sort: 'lastCheckAt',
            cursor: cursorOf('fleet:lastCheckAt:asc', [
              '0000-01-01T00:00:00.000Z',
              '00000000-0000-4000-8000-000000000000',
            ]),
          }),
        ),
        await refusal(
          admin.fleet.page.query({
            sort: 'hostname',
            cursor: cursorOf('fleet:hostname:asc', ['a\u0000', '00000000-0000-4000-8000-000000000000']),
          }),
        ),
        await refusal(admin.audit.list.query({ cursor: cursorOf('audit', ['99999999999999999999']) })),
        await refusal(admin.fleet.page.query({ filter: { search: 'x\u0000' } })),
        await refusal(admin.admin.updateUser.mutate({ userId: '\ud800', disabled: true })),
        await refusal(
          admin.alerts.createSilence.mutate({
            scope: { kind: 'fleet' },
            startsAt: new Date(Date.now()),
            endsAt: new Date('9999-12-31T00:00:00Z'),
            reason: 'maintenance',
          }),
        ),
      ];
      for (const answer of answers) expect(answer).toMatch(/^400 BAD_REQUEST: /);
      expect(answers[0]).toMatch(/^400 BAD_REQUEST: id: /);
      expect(answers[6]).toMatch(/filter\.search: contains a NUL character/);
      expect(answers[8]).toMatch(/endsAt: must be before the year 2100/);
    });

    it('also in production mode (NODE_ENV=production, the built dashboard as `pnpm demo` runs it)', async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'standby-edge-prod-'));
      const port = await freePort();
      const child: ChildProcess = spawn(
        process.execPath,
        ['--import', 'tsx', 'apps/dashboard/src/server/main.ts'],
        {
          cwd: ROOT,
          env: {
            ...process.env,
            NODE_ENV: 'production',
            STANDBY_API_ONLY: '1',
            STANDBY_DATA_DIR: dir,
            PORT: String(port),
            HOST: '127.0.0.1',
          },
          stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        },
      );
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      const url = `http://127.0.0.1:${port}`;
      try {
        const deadline = Date.now() + 90_000;
        while (
          !(await fetch(`${url}/api/health`).then(
            (r) => r.ok,
            () => false,
          ))
        ) {
          if (Date.now() > deadline || child.exitCode !== null)
            throw new Error(`dashboard did not start:\n${output}`);
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        for (const { what, status, body } of await anonymousErrorAnswers(url)) {
          expect(status, what).toBeLessThan(500);
          expect(internalsIn(body), `${what}: ${body}`).toBeNull();
        }
        const health = await fetch(`${url}/api/health`);
        expectSecurityHeaders(health.headers, false);
      } finally {
        child.kill('SIGTERM');
        // A graceful stop waits for its PostgreSQL's shutdown checkpoint: slow on a loaded machine.
        await Promise.race([once(child, 'exit'), new Promise((resolve) => setTimeout(resolve, 30_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
        // Killed, its PostgreSQL is stopped by the watchdog and may still be writing: rm retries.
        await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      }
    });
  });

  describe('security headers', () => {
    it('are on every kind of answer: API, refusals, auth, health, unknown routes', async () => {
      const answers = [
        await fetch(`${dashboard.url}/api/health`),
        await fetch(`${dashboard.url}/api/trpc/session.me`),
        await fetch(`${dashboard.url}/api/trpc/fleet.counts?input=%7B%7D`),
        await fetch(`${dashboard.url}/api/auth/get-session`),
        await fetch(`${dashboard.url}/api/export/fleet-audit`),
        await fetch(`${dashboard.url}/no/such/page`),
        await fetch(`${dashboard.url}/api/trpc/agent.enroll`, {
          method: 'POST',
          headers: { origin: EVIL },
          body: '{}',
        }),
      ];
      for (const answer of answers) expectSecurityHeaders(answer.headers);
      // (better-auth's get-session is 200 or 404, as the sign-in allowlist decides: headers either way.)
      const statuses = answers.map((answer) => answer.status);
      expect([...statuses.slice(0, 3), ...statuses.slice(4)]).toEqual([200, 200, 401, 401, 404, 403]);
    });
  });

  describe('Origin check', () => {
    const mutate = (origin: Record<string, string>, cookie = adminCookie) =>
      fetch(`${dashboard.url}/api/trpc/admin.createEnrollmentToken`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, ...origin },
        body: JSON.stringify(wireTransformer.serialize({ label: 'origin-check', expiresInHours: 1 })),
      });
    const tokensNamed = () => dashboard.prisma.enrollmentToken.count({ where: { label: 'origin-check' } });

    it('refuses a state-changing request from a foreign origin before it does anything', async () => {
      const before = await tokensNamed();
      const foreign: Record<string, string>[] = [
        { origin: EVIL },
        { origin: 'null' },
        { origin: dashboard.url.replace('localhost', 'localhost.evil.example') },
        { 'sec-fetch-site': 'cross-site' },
      ];
      for (const headers of foreign) {
        const answer = await mutate(headers);
        expect(answer.status, JSON.stringify(headers)).toBe(403);
        const body = await answer.json();
        expect(body.code).toBe('FORBIDDEN');
        expect(body.message).toMatch(/not accepted/);
      }
      expect(await tokensNamed()).toBe(before);

      // Sign-in from a foreign page: refused before better-auth reads it.
      const signIn = await fetch(`${dashboard.url}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: EVIL },
        body: JSON.stringify({ email: 'a@b.c', password: 'whatever-long' }),
      });
      expect(signIn.status).toBe(403);
    });

    it('lets the dashboard’s own pages, trusted origins and origin-less clients (agents, curl) through', async () => {
      const before = await tokensNamed();
      const url = new URL(dashboard.url);
      const own: Record<string, string>[] = [
        { origin: dashboard.url },
        { origin: `http://127.0.0.1:${url.port}` },
        { origin: dashboard.url, 'sec-fetch-site': 'same-origin' },
        {},
      ];
      for (const headers of own) {
        const answer = await mutate(headers);
        expect(answer.status, JSON.stringify(headers)).toBe(200);
      }
      expect(await tokensNamed()).toBe(before + 4);
      // Reads stay open to any origin: the browser keeps a foreign page from reading the answer.
      const read = await fetch(`${dashboard.url}/api/trpc/session.me`, { headers: { origin: EVIL } });
      expect(read.status).toBe(200);
    });

    it('refuses /live and /agent handshakes from a foreign origin, with real socket.io clients', async () => {
      const credential = await dashboard.agentCredential('edge-origin/SIPS_EDGE');
      const live = (origin: string | undefined, transports: ('polling' | 'websocket')[]) =>
        connectOrRefuse(
          io(`${dashboard.url}/live`, {
            transports,
            reconnection: false,
            extraHeaders: { cookie: viewerCookie, ...(origin ? { origin } : {}) },
          }),
        );
      const agent = (origin: string | undefined) =>
        connectOrRefuse(
          io(`${dashboard.url}/agent`, {
            transports: ['websocket'],
            reconnection: false,
            auth: { token: credential },
            ...(origin ? { extraHeaders: { origin } } : {}),
          }),
        );
      expect(await live(EVIL, ['polling'])).not.toBe('connected');
      expect(await live(EVIL, ['websocket'])).not.toBe('connected');
      expect(await live('null', ['websocket'])).not.toBe('connected');
      expect(await agent(EVIL)).not.toBe('connected');
      // The dashboard's own pages and agents (no Origin) still connect.
      expect(await live(dashboard.url, ['polling'])).toBe('connected');
      expect(await live(dashboard.url, ['websocket'])).toBe('connected');
      expect(await agent(undefined)).toBe('connected');
    });
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
