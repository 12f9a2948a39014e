import { type TAlertChannelConfig, ZAlertChannelConfigSchema } from '@standby/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelDeliveryError, sendAlertNotice } from '../src/services/alerts/channels';
import {
  closedPort,
  decodedMail,
  mailHeaders,
  makeNotice,
  type SmtpReceiver,
  selfSignedCertificate,
  startSmtpReceiver,
} from './alert-receivers';

const PASSWORD = 'smtp-Pa55word-9c1e';

let certificate: { key: string; cert: string };
const receivers: SmtpReceiver[] = [];

beforeAll(async () => {
  certificate = await selfSignedCertificate();
});
afterAll(async () => {
  await Promise.all(receivers.map((receiver) => receiver.close()));
});

async function receiver(options: Parameters<typeof startSmtpReceiver>[0]): Promise<SmtpReceiver> {
  const started = await startSmtpReceiver(options);
  receivers.push(started);
  return started;
}

function emailConfig(port: number, fields: Record<string, unknown>): TAlertChannelConfig {
  return ZAlertChannelConfigSchema.parse({
    kind: 'email',
    host: '127.0.0.1',
    port,
    secure: 'starttls',
    from: 'Standby <alerts@standby.example.com>',
    to: ['oncall@example.com', 'voice-team@example.com'],
    ...fields,
  });
}

async function failure(promise: Promise<unknown>): Promise<ChannelDeliveryError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ChannelDeliveryError);
    return error as ChannelDeliveryError;
  }
  throw new Error('expected the delivery to fail');
}

describe('email channel', () => {
  it('delivers over STARTTLS to a server with a self-signed certificate when told to accept it', async () => {
    const smtp = await receiver({ ...certificate });
    await sendAlertNotice(emailConfig(smtp.port, { rejectUnauthorized: false }), makeNotice());

    const [mail] = smtp.mails;
    expect(mail).toMatchObject({
      from: 'alerts@standby.example.com',
      to: ['oncall@example.com', 'voice-team@example.com'],
      secure: true,
      user: undefined,
    });
    const headers = mailHeaders(mail!.raw);
    expect(headers.get('subject')).toBe(
      '[Standby] TRIGGER: sip3b would not serve if promoted: Smart Proxy not ready within 60 s',
    );
    expect(headers.get('from')).toBe('Standby <alerts@standby.example.com>');
    expect(headers.get('x-standby-dedup-key')).toBe('host-7:would-not-serve');
    expect(headers.get('content-type')).toMatch(/^multipart\/alternative/);
    const body = decodedMail(mail!.raw);
    expect(body).toContain('Content-Type: text/plain');
    expect(body).toContain('Content-Type: text/html');
    expect(body).toContain('- Smart Proxy not ready within 60 s (timeout 45 s)');
    expect(body).toContain('Open the host in Standby: https://standby.example.com/hosts/host-7');
    expect(body).toContain('<li>backup-sip-port-check is inert: &lt;IP takeover&gt; &amp; same host</li>');
    expect(body).toContain('<a href="https://standby.example.com/hosts/host-7">');
  });

  it('refuses the self-signed certificate by default (rejectUnauthorized honored), retryable', async () => {
    const smtp = await receiver({ ...certificate });
    const error = await failure(sendAlertNotice(emailConfig(smtp.port, {}), makeNotice()));
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(
      new RegExp(`^TLS with 127\\.0\\.0\\.1:${smtp.port} failed: .*self[- ]signed`),
    );
    expect(smtp.mails).toHaveLength(0);
  });

  it('logs in over implicit TLS, and threads the resolve under its trigger', async () => {
    const smtp = await receiver({ ...certificate, secure: true, users: { standby: PASSWORD } });
    const config = emailConfig(smtp.port, {
      secure: 'tls',
      username: 'standby',
      password: PASSWORD,
      rejectUnauthorized: false,
    });
    await sendAlertNotice(config, makeNotice());
    await sendAlertNotice(config, makeNotice({ kind: 'resolve' }));

    expect(smtp.mails.map((mail) => [mail.secure, mail.user])).toEqual([
      [true, 'standby'],
      [true, 'standby'],
    ]);
    const [trigger, resolve] = smtp.mails.map((mail) => mailHeaders(mail.raw));
    expect(resolve?.get('subject')).toMatch(/^\[Standby\] RESOLVED: sip3b would not serve/);
    expect(resolve?.get('in-reply-to')).toBe(trigger?.get('message-id'));
    expect(resolve?.get('references')).toBe(trigger?.get('message-id'));
    expect(decodedMail(smtp.mails[1]!.raw)).toContain('Resolved: sip3b would not serve');
  });

  it('reports a refused login as not retryable, without the password', async () => {
    const smtp = await receiver({ ...certificate, users: { standby: 'the-right-one' } });
    const config = emailConfig(smtp.port, {
      username: 'standby',
      password: PASSWORD,
      rejectUnauthorized: false,
    });
    const error = await failure(sendAlertNotice(config, makeNotice()));
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(
      new RegExp(`^SMTP 535 from 127\\.0\\.0\\.1:${smtp.port} to AUTH: .*Invalid username or password`),
    );
    expect(error.message).not.toContain(PASSWORD);
    expect(error.message).not.toContain(Buffer.from(`\u0000standby\u0000${PASSWORD}`).toString('base64'));
  });

  it('sends plain with secure "none", never upgrading even when offered', async () => {
    const smtp = await receiver({ ...certificate });
    await sendAlertNotice(
      emailConfig(smtp.port, { secure: 'none' }),
      makeNotice({ kind: 'test', title: 'Test alert from Standby' }),
    );
    expect(smtp.mails[0]?.secure).toBe(false);
    expect(mailHeaders(smtp.mails[0]!.raw).get('subject')).toBe('[Standby] TEST: Test alert from Standby');
  });

  it('never falls back to plain text when STARTTLS is required but not offered', async () => {
    const smtp = await receiver({ ...certificate, disabledCommands: ['STARTTLS'] });
    const error = await failure(
      sendAlertNotice(emailConfig(smtp.port, { rejectUnauthorized: false }), makeNotice()),
    );
    expect(error.message).toMatch(/^SMTP 500 from .* to STARTTLS: /);
    expect(error.retryable).toBe(false);
    expect(smtp.mails).toHaveLength(0);
  });

  it('sorts a rejected recipient (5xx) as not retryable and 4xx as retryable', async () => {
    const permanent = await receiver({
      ...certificate,
      onRcptTo: (_address, _session, callback) =>
        callback(Object.assign(new Error('No such mailbox'), { responseCode: 550 })),
    });
    const refused = await failure(
      sendAlertNotice(emailConfig(permanent.port, { rejectUnauthorized: false }), makeNotice()),
    );
    expect(refused.retryable).toBe(false);
    expect(refused.message).toContain('550');

    const transient = await receiver({
      ...certificate,
      onData: (stream, _session, callback) => {
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('Try again later'), { responseCode: 451 })));
      },
    });
    const deferred = await failure(
      sendAlertNotice(emailConfig(transient.port, { rejectUnauthorized: false }), makeNotice()),
    );
    expect(deferred.retryable).toBe(true);
    expect(deferred.message).toMatch(/^SMTP 451 from .*Try again later/);
  });

  it('calls a closed port retryable', async () => {
    const port = await closedPort();
    const error = await failure(sendAlertNotice(emailConfig(port, {}), makeNotice()));
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(`could not reach 127.0.0.1:${port} (ECONNREFUSED)`);
  });
});
