import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogMarks } from '../start-detection/log-marks';
import { commandProbe } from './command-probe';
import { fileProbe } from './file-probe';
import { httpProbe } from './http-probe';
import { logProbe } from './log-probe';
import { AT_SIP_SERVER_START } from './probe';
import { probeKindOf } from './registry';
import { tcpProbe } from './tcp-probe';

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    }),
  );
}

describe('probe registry', () => {
  it('selects the kind by the spec’s one registry key', () => {
    expect(probeKindOf({ tcp: '127.0.0.1:1' })).toBe('tcp');
    expect(probeKindOf({ log: '/x', match: 'y' })).toBe('log');
    expect(probeKindOf({ command: 'true' })).toBe('command');
  });
});

describe('probes, each against the real thing', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-probe-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('tcp: not ready while refused, ready once something listens', async () => {
    const server = net.createServer((s) => s.end());
    const port = await listen(server);
    await new Promise<void>((r) => server.close(() => r()));
    const probe = await tcpProbe.start({ tcp: `127.0.0.1:${port}` }, AT_SIP_SERVER_START);
    expect(await probe.read()).toMatchObject({
      ready: false,
      detail: expect.stringContaining('ECONNREFUSED'),
    });
    const again = net.createServer((s) => s.end());
    again.listen(port, '127.0.0.1');
    await new Promise((r) => again.once('listening', r));
    expect((await probe.read()).ready).toBe(true);
    await new Promise<void>((r) => again.close(() => r()));
  });

  it('http: ready on 2xx only', async () => {
    let code = 503;
    const server = http.createServer((_req, res) => res.writeHead(code).end());
    const port = await listen(server);
    const probe = await httpProbe.start({ http: `http://127.0.0.1:${port}/ready` }, AT_SIP_SERVER_START);
    expect(await probe.read()).toMatchObject({ ready: false, detail: expect.stringContaining('503') });
    code = 204;
    expect((await probe.read()).ready).toBe(true);
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('file: ready once the file exists', async () => {
    const file = path.join(dir, 'ready');
    const probe = await fileProbe.start({ file }, AT_SIP_SERVER_START);
    expect((await probe.read()).ready).toBe(false);
    await writeFile(file, '');
    expect((await probe.read()).ready).toBe(true);
  });

  it('log: ignores matching lines written before the check started, sees one written after', async () => {
    const log = path.join(dir, 'sips.log');
    await writeFile(log, 'old start: OperationalInfo thread initialized\n');
    const probe = await logProbe.start({ log, match: 'OperationalInfo.*initialized' }, AT_SIP_SERVER_START);
    expect((await probe.read()).ready).toBe(false);
    await appendFile(log, 'unrelated line\nOperationalInfo thread ini');
    expect((await probe.read()).ready).toBe(false); // a partial line is not a line yet
    await appendFile(log, 'tialized\n');
    expect(await probe.read()).toMatchObject({
      ready: true,
      detail: expect.stringContaining('OperationalInfo'),
    });
  });

  it('log: for a server already running (interval, on command), a line it already wrote counts', async () => {
    const log = path.join(dir, 'running.log');
    await writeFile(log, 'boot\nOperationalInfo thread initialized\nserving\n');
    const probe = await logProbe.start(
      { log, match: 'OperationalInfo.*initialized' },
      { atSipServerStart: false },
    );
    expect(await probe.read()).toMatchObject({
      ready: true,
      detail: expect.stringContaining('OperationalInfo'),
    });
  });

  it('log at a start seen late (by its listener): lines written since the mark taken before it count', async () => {
    const log = path.join(dir, 'late-seen.log');
    await writeFile(log, 'previous run: OperationalInfo thread initialized\n');
    const marks = new LogMarks([log]);
    await marks.mark();
    await marks.mark();
    await appendFile(log, 'starting\nOperationalInfo thread initialized\n');
    await marks.mark(); // the look that sees the new listener
    const probe = await logProbe.start(
      { log, match: 'OperationalInfo.*initialized' },
      { atSipServerStart: true, logStartOffsets: marks.beforeDetection() },
    );
    expect((await probe.read()).ready).toBe(true);
    // Without the marks, the line written before the check started would be missed.
    const blind = await logProbe.start({ log, match: 'OperationalInfo.*initialized' }, AT_SIP_SERVER_START);
    expect((await blind.read()).ready).toBe(false);
  });

  it('command: ready when it exits 0, with the exit code otherwise', async () => {
    const flag = path.join(dir, 'flag');
    const probe = await commandProbe.start({ command: `test -e ${flag}` }, AT_SIP_SERVER_START);
    expect(await probe.read()).toMatchObject({ ready: false, detail: expect.stringContaining('exited 1') });
    await writeFile(flag, '');
    expect((await probe.read()).ready).toBe(true);
  });
});
