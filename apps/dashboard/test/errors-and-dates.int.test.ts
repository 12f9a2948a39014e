import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { CommandChannel, CommandLedger, createAgentTrpcClient } from '@standby/agent/link';
import { errorCodeOf, INTERNAL_ERROR_MESSAGE, wireTransformer } from '@standby/protocol';
import { createLogger, processLogger, setProcessLogger } from '@standby/telemetry';
import { TRPCClientError } from '@trpc/client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { browserClient } from './fixtures';
import { startTestDashboard, type TestDashboard } from './test-dashboard';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** Lines the process logger writes (the dashboard runs in this process) until `restore`. */
function captureProcessLog() {
  const previous = processLogger();
  const stream = new PassThrough();
  const lines: {
    level: number;
    msg: string;
    procedure?: string;
    actor?: string;
    err?: { message: string };
  }[] = [];
  stream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line));
  });
  setProcessLogger(createLogger({ name: 'test', format: 'json', destination: stream }));
  return {
    errors: () => lines.filter((line) => line.level >= 50),
    restore: () => setProcessLogger(previous),
  };
}

async function failureOf(promise: Promise<unknown>): Promise<TRPCClientError<never>> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  return error as TRPCClientError<never>;
}

/** What a client sees of an error must say nothing about the server's files, code or database. */
function expectNoInternals(body: string) {
  expect(body).not.toMatch(/stack/i);
  expect(body).not.toContain(ROOT);
  expect(body).not.toMatch(/node_modules|\.ts:\d+|\.m?js:\d+|\bat .+\(/);
  expect(body).not.toMatch(/prisma|postgres|byte sequence|0x00/i);
}

describe('errors and dates over HTTP: one formatter, one wire format', { timeout: 90_000 }, () => {
  let dashboard: TestDashboard;
  let viewerCookie: string;
  let dir: string;

  beforeAll(async () => {
    dashboard = await startTestDashboard();
    viewerCookie = await dashboard.signIn('viewer');
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-errors-'));
  });
  afterAll(async () => {
    await dashboard?.dispose();
    if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('an AppError thrown by a service reaches the client with its code and message, and is not logged', async () => {
    const log = captureProcessLog();
    const hostId = randomUUID();
    const error = await failureOf(browserClient(dashboard.url, viewerCookie).host.get.query({ hostId }));
    expect(error.message).toBe(`No host with id ${hostId}.`);
    expect(error.data).toMatchObject({ code: 'NOT_FOUND', httpStatus: 404, path: 'host.get' });
    expect(errorCodeOf(error)).toBe('NOT_FOUND');

    const input = encodeURIComponent(JSON.stringify(wireTransformer.serialize({ hostId })));
    const response = await fetch(`${dashboard.url}/api/trpc/host.get?input=${input}`, {
      headers: { cookie: viewerCookie },
    });
    expect(response.status).toBe(404);
    expectNoInternals(await response.text());

    // A refusal from the transport itself (no session) has the same shape.
    const anonymous = await failureOf(browserClient(dashboard.url).fleet.counts.query({}));
    expect(anonymous.data).toMatchObject({ code: 'UNAUTHORIZED', httpStatus: 401 });
    log.restore();
    expect(log.errors()).toEqual([]);
  });

  it('input validation answers BAD_REQUEST in words, not as the JSON of the issues', async () => {
    const error = await failureOf(browserClient(dashboard.url, viewerCookie).fleet.page.query({ limit: 0 }));
    expect(error.data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400 });
    expect(error.message).toMatch(/^limit: /);
  });

  it('an unexpected failure is answered INTERNAL with the generic message, no stack, no path, logged once', async () => {
    const log = captureProcessLog();
    const viewer = browserClient(dashboard.url, viewerCookie);
    const pairId = randomUUID();
    const input = encodeURIComponent(JSON.stringify(wireTransformer.serialize({ pairId })));
    // An injected database failure: Prisma's own message names the table and the calling source file.
    await dashboard.prisma.$executeRawUnsafe('ALTER TABLE "HaPair" RENAME TO "HaPairAway"');
    let body: string;
    let status: number;
    let error: TRPCClientError<never>;
    try {
      error = await failureOf(viewer.pair.get.query({ pairId }));
      const response = await fetch(`${dashboard.url}/api/trpc/pair.get?input=${input}`, {
        headers: { cookie: viewerCookie },
      });
      status = response.status;
      body = await response.text();
    } finally {
      await dashboard.prisma.$executeRawUnsafe('ALTER TABLE "HaPairAway" RENAME TO "HaPair"');
    }
    expect(error.message).toBe(INTERNAL_ERROR_MESSAGE);
    expect(error.data).toEqual({ code: 'INTERNAL', httpStatus: 500, path: 'pair.get' });
    expect(errorCodeOf(error)).toBe('INTERNAL');
    expect(status).toBe(500);
    expect(body).toContain(INTERNAL_ERROR_MESSAGE);
    expect(body).not.toContain('HaPair');
    expectNoInternals(body);

    // Logged on the server, once per failed call, with the procedure and who called it.
    log.restore();
    expect(log.errors()).toHaveLength(2);
    const [first] = log.errors();
    expect(first).toMatchObject({ msg: 'tRPC call failed', procedure: 'pair.get' });
    expect(first?.actor).toMatch(/^user \S+$/);
    expect(first?.err?.message).toContain('HaPair');
    // Back to normal: the same call is an ordinary NOT_FOUND again.
    expect(errorCodeOf(await failureOf(viewer.pair.get.query({ pairId })))).toBe('NOT_FOUND');
  });

  it('a Date a procedure returns arrives as a Date in a real HTTP client', async () => {
    const admin = browserClient(dashboard.url, await dashboard.signIn('admin'));
    const before = Date.now();
    const created = await admin.admin.createEnrollmentToken.mutate({ label: 'dates', expiresInHours: 2 });
    expect(created.expiresAt).toBeInstanceOf(Date);
    expect(created.expiresAt.getTime()).toBeGreaterThan(before + 2 * 3_600_000 - 60_000);
    const tokens = await admin.admin.enrollmentTokens.query();
    const listed = tokens.find((token) => token.id === created.id);
    expect(listed?.createdAt).toBeInstanceOf(Date);
    expect(listed?.expiresAt.getTime()).toBe(created.expiresAt.getTime());
  });

  it('the agent matches a refusal on its code: an ack the dashboard does not know is not retried', async () => {
    const credential = await dashboard.agentCredential(`errors-${randomUUID()}/SIPS_ERR`);
    const client = createAgentTrpcClient(dashboard.url, credential);
    const unknown = await failureOf(
      client.agent.ackCommand.mutate({ commandId: '987654321', outcome: 'done', reason: null }),
    );
    expect(errorCodeOf(unknown)).toBe('NOT_FOUND');

    // The real command channel, with the real ack call; only the stream is stubbed, to deliver a
    // command this host never had.
    const realAck = client.agent.ackCommand.mutate;
    const attempts: string[] = [];
    const logs: string[] = [];
    const stubbed = {
      agent: {
        ackCommand: {
          mutate: (ack: Parameters<typeof realAck>[0]) => {
            attempts.push(ack.commandId);
            return realAck(ack);
          },
        },
        commands: {
          subscribe: (_input: undefined, handlers: { onData: (envelope: { data: unknown }) => void }) => {
            handlers.onData({ data: { kind: 'run-check', commandId: '987654322', actor: null } });
            return { unsubscribe: () => {} };
          },
        },
      },
    } as unknown as typeof client;
    const channel = new CommandChannel(stubbed, await CommandLedger.open(dir), {
      optionsFile: path.join(dir, 'none.cfg'),
      runCheck: async () => {},
      log: (line) => logs.push(line),
    });
    channel.start();
    try {
      await vi.waitFor(() => expect(attempts).toEqual(['987654322']), { timeout: 5_000 });
      // A retried ack would come back after 250 ms, then 500 ms.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(attempts).toEqual(['987654322']);
      expect(logs.filter((line) => line.includes('not delivered'))).toEqual([]);
    } finally {
      channel.close();
    }
  });
});
