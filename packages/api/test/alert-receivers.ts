/**
 * Real receivers on loopback for the alert channel tests: an HTTP server that records each request
 * with its raw body, and an SMTP server (smtp-server) that records each message.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TAlertNotice } from '@standby/protocol';
import { generate } from 'selfsigned';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export function makeNotice(overrides: Partial<TAlertNotice> = {}): TAlertNotice {
  return {
    kind: 'trigger',
    alertId: 'alert-42',
    dedupKey: 'host-7:would-not-serve',
    severity: 'critical',
    condition: 'would-not-serve',
    title: 'sip3b would not serve if promoted: Smart Proxy not ready within 60 s',
    host: { id: 'host-7', hostname: 'sip3b', application: 'SIP_Server_B' },
    pair: { id: 'pair-3', name: 'sip3' },
    verdict: 'WOULD_NOT_SERVE',
    reasons: [
      'Smart Proxy not ready within 60 s (timeout 45 s)',
      'backup-sip-port-check is inert: <IP takeover> & same host',
    ],
    link: 'https://standby.example.com/hosts/host-7',
    at: '2026-03-04T05:06:07.000Z',
    ...overrides,
  };
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Answer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** Never answer (for timeouts). */
  hang?: boolean;
}

export interface HttpReceiver {
  url: string;
  origin: string;
  host: string;
  requests: ReceivedRequest[];
  answer: (request: ReceivedRequest) => Answer;
  close(): Promise<void>;
}

export async function startHttpReceiver(): Promise<HttpReceiver> {
  const receiver: HttpReceiver = {
    url: '',
    origin: '',
    host: '',
    requests: [],
    answer: () => ({ status: 200, body: 'ok' }),
    close: async () => {},
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      receiver.requests.push(request);
      const answer = receiver.answer(request);
      if (answer.hang) return;
      res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  receiver.host = `127.0.0.1:${port}`;
  receiver.origin = `http://${receiver.host}`;
  receiver.url = `${receiver.origin}/hook`;
  receiver.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  secure: boolean;
  user: string | undefined;
}

export interface SmtpReceiver {
  port: number;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

/** A self-signed certificate for localhost and 127.0.0.1, made for this test run. */
export async function selfSignedCertificate(): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    algorithm: 'sha256',
    extensions: [
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

export async function startSmtpReceiver(
  options: SMTPServerOptions & { users?: Record<string, string> },
): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const { users, ...serverOptions } = options;
  const server = new SMTPServer({
    logger: false,
    disableReverseLookup: true,
    authOptional: !users,
    onAuth(auth, _session, callback) {
      if (users && auth.username && users[auth.username] === auth.password)
        return callback(null, { user: auth.username });
      return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          secure: session.secure,
          user: typeof session.user === 'string' ? session.user : undefined,
        });
        callback();
      });
    },
    ...serverOptions,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A received message's headers, unfolded, by lower-case name. */
export function mailHeaders(raw: string): Map<string, string> {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/** The message with quoted-printable soft breaks and escapes undone (enough to look for text). */
export function decodedMail(raw: string): string {
  return raw
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}
