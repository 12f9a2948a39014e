import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCa, makeLeaf, type TestCa, type TestLeaf } from '../../test/test-certificates';
import { loadDashboardTls, TlsSetupError } from './tls';

describe('loadDashboardTls: STANDBY_TLS_* checked before the dashboard starts', () => {
  let dir: string;
  let ca: TestCa;
  let leaf: TestLeaf;
  let otherLeaf: TestLeaf;
  let caPem: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-tls-unit-'));
    ca = await makeCa(dir, 'unit-ca');
    leaf = await makeLeaf(dir, 'unit-server', ca, 'server');
    otherLeaf = await makeLeaf(dir, 'unit-other', ca, 'server');
    caPem = await readFile(ca.certFile, 'utf8');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const refusal = (files: Parameters<typeof loadDashboardTls>[0]) => {
    try {
      loadDashboardTls(files);
    } catch (error) {
      expect(error).toBeInstanceOf(TlsSetupError);
      return (error as Error).message;
    }
    throw new Error('expected a refusal');
  };

  it('is off when neither is set, and serves a working HTTPS server when both are', async () => {
    expect(loadDashboardTls({})).toBeUndefined();
    const tls = loadDashboardTls({ certFile: leaf.certFile, keyFile: leaf.keyFile });
    expect(tls?.description).toMatch(
      /^HTTPS with the certificate for DNS:localhost, IP Address:127\.0\.0\.1, valid until /,
    );
    expect(tls?.warning).toBeUndefined();

    const server = https.createServer(tls!.serverOptions, (_req, res) => res.end('over tls'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const body = await new Promise<string>((resolve, reject) => {
        https
          .get(`https://localhost:${port}/`, { ca: caPem }, (res) => {
            let text = '';
            res.on('data', (chunk) => (text += chunk));
            res.on('end', () => resolve(text));
          })
          .on('error', reject);
      });
      expect(body).toBe('over tls');
    } finally {
      server.close();
    }
  });

  it('asks for both or neither, naming the missing variable', () => {
    expect(refusal({ certFile: leaf.certFile })).toBe(
      'STANDBY_TLS_KEY: not set while STANDBY_TLS_CERT is: set both or neither',
    );
    expect(refusal({ keyFile: leaf.keyFile })).toBe(
      'STANDBY_TLS_CERT: not set while STANDBY_TLS_KEY is: set both or neither',
    );
    expect(refusal({ clientCaFile: ca.certFile })).toMatch(
      /^STANDBY_TLS_CLIENT_CA: needs STANDBY_TLS_CERT and STANDBY_TLS_KEY/,
    );
  });

  it('names the variable and the file when a file is missing, not PEM, or the key does not match', async () => {
    const missing = path.join(dir, 'missing.pem');
    expect(refusal({ certFile: missing, keyFile: leaf.keyFile })).toBe(
      `STANDBY_TLS_CERT (${missing}): cannot read it (ENOENT)`,
    );
    const notPem = path.join(dir, 'not.pem');
    await writeFile(notPem, 'hello, not a certificate\n');
    expect(refusal({ certFile: notPem, keyFile: leaf.keyFile })).toMatch(
      /^STANDBY_TLS_CERT \(.*not\.pem\): no PEM certificate in it/,
    );
    expect(refusal({ certFile: leaf.certFile, keyFile: notPem })).toMatch(
      /^STANDBY_TLS_KEY \(.*not\.pem\): no PEM private key in it/,
    );
    const broken = path.join(dir, 'broken.pem');
    await writeFile(broken, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    expect(refusal({ certFile: broken, keyFile: leaf.keyFile })).toMatch(
      /^STANDBY_TLS_CERT \(.*broken\.pem\): certificate 1 in it is not a valid X\.509 certificate$/,
    );
    expect(refusal({ certFile: leaf.certFile, keyFile: otherLeaf.keyFile })).toBe(
      `STANDBY_TLS_KEY (${otherLeaf.keyFile}): this key does not belong to the certificate in STANDBY_TLS_CERT (${leaf.certFile})`,
    );
    // The key and certificate files swapped: each read for what it is.
    expect(refusal({ certFile: leaf.keyFile, keyFile: leaf.certFile })).toMatch(
      /^STANDBY_TLS_CERT .*no PEM certificate/,
    );
  });

  it('asks every client for a certificate signed by STANDBY_TLS_CLIENT_CA', () => {
    const tls = loadDashboardTls({
      certFile: leaf.certFile,
      keyFile: leaf.keyFile,
      clientCaFile: ca.certFile,
    });
    expect(tls?.serverOptions).toMatchObject({ requestCert: true, rejectUnauthorized: true });
    expect(tls?.description).toMatch(/client certificates required/);
  });

  it('warns of a certificate close to its end or past it', () => {
    // The test certificate is valid 30 days: seen 20 days on it has 9 or 10 left; 40 days on, it expired.
    const in20Days = new Date(Date.now() + 20 * 86_400_000);
    expect(loadDashboardTls({ certFile: leaf.certFile, keyFile: leaf.keyFile }, in20Days)?.warning).toMatch(
      /^STANDBY_TLS_CERT: the certificate expires in (9|10) day\(s\)/,
    );
    const in40Days = new Date(Date.now() + 40 * 86_400_000);
    expect(loadDashboardTls({ certFile: leaf.certFile, keyFile: leaf.keyFile }, in40Days)?.warning).toMatch(
      /^STANDBY_TLS_CERT: the certificate expired on /,
    );
  });
});
