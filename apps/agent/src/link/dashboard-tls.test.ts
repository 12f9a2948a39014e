import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAgentConfig } from '../config/load-agent-config';
import { ConfigError } from '../errors';
import { createDashboardFetch } from './dashboard-fetch';
import { describeTlsFailure, loadDashboardTls } from './dashboard-tls';

const configText = (dashboard: string) => `
sipServer:
  application: SIPS_A
  version: 8.1.103.64
  mode: backup
  optionsFile: options.cfg
  components:
    t-controller: { tcp: "127.0.0.1:1" }
    smart-proxy: { tcp: "127.0.0.1:2" }
    interaction-proxy: { tcp: "127.0.0.1:3" }
    operational-info: { tcp: "127.0.0.1:4" }
dashboard:
${dashboard}
`;

const refusalOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('dashboard TLS settings of the agent', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-agent-tls-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('resolves caFile, certFile and keyFile beside the config file', () => {
    const config = parseAgentConfig(
      configText(
        '  url: https://dashboard.example:3000\n  tokenFile: agent.token\n  caFile: tls/ca.pem\n  certFile: tls/agent.pem\n  keyFile: /etc/standby/agent.key',
      ),
      '/etc/standby/agent.yaml',
    );
    expect(config.dashboard).toMatchObject({
      caFile: '/etc/standby/tls/ca.pem',
      certFile: '/etc/standby/tls/agent.pem',
      keyFile: '/etc/standby/agent.key',
    });
  });

  it('wants certFile and keyFile together, and an https:// url for any of them', () => {
    expect(
      refusalOf(() =>
        parseAgentConfig(
          configText('  url: https://dashboard.example:3000\n  certFile: agent.pem'),
          '/etc/standby/agent.yaml',
        ),
      ),
    ).toMatch(/: dashboard\.certFile: give both certFile and keyFile, or neither$/);
    expect(
      refusalOf(() =>
        parseAgentConfig(
          configText('  url: http://dashboard.example:3000\n  caFile: ca.pem'),
          '/etc/standby/agent.yaml',
        ),
      ),
    ).toMatch(/: dashboard\.url: caFile, certFile and keyFile need an https:\/\/ dashboard url$/);
  });

  it('refuses a CA file that is missing or holds no certificate, naming the key', async () => {
    const missing = path.join(dir, 'missing.pem');
    expect(refusalOf(() => loadDashboardTls({ caFile: missing }))).toBe(
      `dashboard.caFile (${missing}): cannot read it (ENOENT)`,
    );
    const notPem = path.join(dir, 'not.pem');
    await writeFile(notPem, 'not a certificate');
    expect(refusalOf(() => loadDashboardTls({ caFile: notPem }))).toMatch(
      /^dashboard\.caFile \(.*not\.pem\): no PEM certificate in it/,
    );
    expect(
      refusalOf(() => loadDashboardTls({ caFile: undefined, certFile: notPem, keyFile: notPem })),
    ).toMatch(/^dashboard\.certFile \(.*not\.pem\): no PEM certificate in it/);
    expect(loadDashboardTls({})).toEqual({});
  });

  it('finds the TLS reason through fetch, socket.io and WebSocket wrappers', () => {
    const untrusted = Object.assign(new Error('self-signed certificate in certificate chain'), {
      code: 'SELF_SIGNED_CERT_IN_CHAIN',
    });
    // socket.io-client's TransportError → ws's ErrorEvent → the TLS error.
    const transportError = Object.assign(new Error('websocket error'), {
      description: { message: untrusted.message, error: untrusted },
    });
    expect(describeTlsFailure(transportError, 'https://dash.example:3443/some/path')).toBe(
      'certificate of https://dash.example:3443 is not trusted (self-signed certificate in certificate chain): set dashboard.caFile to the CA that signed it',
    );
    const wrongName = Object.assign(new Error("Hostname/IP does not match certificate's altnames"), {
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
      reason: "Host: dash.example. is not in the cert's altnames: DNS:localhost",
    });
    expect(
      describeTlsFailure(new TypeError('fetch failed', { cause: wrongName }), 'https://dash.example'),
    ).toMatch(
      /^certificate of https:\/\/dash\.example does not name this address \(Host: dash\.example\. is not in/,
    );
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3443'), { code: 'ECONNREFUSED' });
    expect(describeTlsFailure(refused, 'https://dash.example')).toBeUndefined();
  });

  it('says so in one sentence when an https:// url reaches a plain HTTP port', async () => {
    const server = http.createServer((_req, res) => res.end('plain'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
      await expect(createDashboardFetch(url)(`${url}/api/health`)).rejects.toThrow(
        new Error(
          `${url} does not answer TLS (wrong version number): is the dashboard serving https on this port?`,
        ),
      );
    } finally {
      server.close();
    }
  });
});
