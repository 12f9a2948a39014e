import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  redactChannelConfig,
  type TAlertChannelConfig,
  type TAlertNotice,
  ZAlertChannelConfigSchema,
} from '@standby/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChannelDeliveryError, sendAlertNotice } from '../src/services/alerts/channels';
import {
  closedPort,
  type HttpReceiver,
  makeNotice,
  type ReceivedRequest,
  startHttpReceiver,
} from './alert-receivers';

const SIGNING_SECRET = 'whsec-0123456789abcdef-signing';
const AUTH_HEADER_VALUE = 'Bearer receiver-token-5f3a';
const ROUTING_KEY = 'PdRoutingKey0123456789abcdefABCD';

let receiver: HttpReceiver;

beforeAll(async () => {
  receiver = await startHttpReceiver();
});
afterAll(() => receiver.close());
afterEach(() => {
  receiver.requests.length = 0;
  receiver.answer = () => ({ status: 200, body: 'ok' });
});

function webhookConfig(url = receiver.url): TAlertChannelConfig {
  return ZAlertChannelConfigSchema.parse({
    kind: 'webhook',
    url,
    secret: SIGNING_SECRET,
    headers: { Authorization: AUTH_HEADER_VALUE, 'X-Team': 'voice-platform' },
  });
}
const slackConfig = (): TAlertChannelConfig =>
  ZAlertChannelConfigSchema.parse({
    kind: 'slack',
    webhookUrl: `${receiver.origin}/services/T0/B0/sl4ckS3cretPath`,
  });
const pagerDutyConfig = (): TAlertChannelConfig =>
  ZAlertChannelConfigSchema.parse({
    kind: 'pagerduty',
    routingKey: ROUTING_KEY,
    eventsUrl: `${receiver.origin}/v2/enqueue`,
  });

/** What a receiver does: recompute the HMAC over the raw bytes, compare in constant time. */
function signatureIsValid(request: ReceivedRequest, secret: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(request.body).digest('hex')}`);
  const given = Buffer.from(String(request.headers['x-standby-signature'] ?? ''));
  return given.length === expected.length && timingSafeEqual(given, expected);
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

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON, its shape is what the assertions check
function json(request: ReceivedRequest | undefined): Record<string, any> {
  expect(request).toBeDefined();
  return JSON.parse(request!.body.toString('utf8'));
}

describe('webhook channel', () => {
  it('POSTs the notice, signed over the exact body, with the delivery key and custom headers', async () => {
    receiver.answer = (request) =>
      signatureIsValid(request, SIGNING_SECRET) ? { status: 204 } : { status: 401, body: 'bad signature' };
    const notice = makeNotice();
    await sendAlertNotice(webhookConfig(), notice);

    const [request] = receiver.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/hook');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers.authorization).toBe(AUTH_HEADER_VALUE);
    expect(request?.headers['x-team']).toBe('voice-platform');
    expect(request?.headers['x-standby-delivery']).toBe('alert-42:trigger');
    const timestamp = Number(request?.headers['x-standby-timestamp']);
    expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(60);
    expect(json(request)).toEqual({ version: 1, ...notice });
  });

  it('signs non-ASCII text over its UTF-8 bytes', async () => {
    receiver.answer = (request) => ({ status: signatureIsValid(request, SIGNING_SECRET) ? 200 : 401 });
    await sendAlertNotice(
      webhookConfig(),
      makeNotice({ kind: 'resolve', title: 'Köln-2 ready again — 12 s' }),
    );
    expect(receiver.requests[0]?.headers['x-standby-delivery']).toBe('alert-42:resolve');
  });

  it('is refused (not retryable) by a receiver that holds another secret', async () => {
    receiver.answer = (request) =>
      signatureIsValid(request, 'another-secret-entirely')
        ? { status: 200 }
        : { status: 401, body: 'bad signature' };
    const error = await failure(sendAlertNotice(webhookConfig(), makeNotice()));
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(`HTTP 401 from ${receiver.host}: bad signature`);
  });

  it.each([
    [500, true],
    [502, true],
    [503, true],
    [408, true],
    [429, true],
    [400, false],
    [403, false],
    [404, false],
    [413, false],
  ])('sorts HTTP %i as retryable: %s', async (status, retryable) => {
    receiver.answer = () => ({ status, body: 'receiver says no' });
    const error = await failure(sendAlertNotice(webhookConfig(), makeNotice()));
    expect(error.retryable).toBe(retryable);
    expect(error.message).toBe(`HTTP ${status} from ${receiver.host}: receiver says no`);
  });

  it('passes on Retry-After', async () => {
    receiver.answer = () => ({ status: 503, headers: { 'retry-after': '30' } });
    const error = await failure(sendAlertNotice(webhookConfig(), makeNotice()));
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 30_000 });
  });

  it('does not follow a redirect (its headers would go elsewhere)', async () => {
    receiver.answer = (request) =>
      request.path === '/hook' ? { status: 307, headers: { location: '/elsewhere' } } : { status: 200 };
    const error = await failure(sendAlertNotice(webhookConfig(), makeNotice()));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('HTTP 307');
    expect(receiver.requests.map((request) => request.path)).toEqual(['/hook']);
  });

  it('calls a closed port retryable', async () => {
    const port = await closedPort();
    const error = await failure(
      sendAlertNotice(webhookConfig(`http://127.0.0.1:${port}/hook`), makeNotice()),
    );
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(`could not reach 127.0.0.1:${port} (ECONNREFUSED)`);
  });

  it('gives up on a receiver that does not answer in time, retryable', async () => {
    receiver.answer = () => ({ status: 200, hang: true });
    const started = Date.now();
    const error = await failure(sendAlertNotice(webhookConfig(), makeNotice(), { timeoutMs: 300 }));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toMatchObject({ retryable: true, message: `no answer from ${receiver.host} within 0.3 s` });
  });

  it('stops when the caller cancels, retryable', async () => {
    receiver.answer = () => ({ status: 200, hang: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await failure(
      sendAlertNotice(webhookConfig(), makeNotice(), { signal: controller.signal }),
    );
    expect(error).toMatchObject({ retryable: true, message: `sending to ${receiver.host} was cancelled` });
  });

  it('refuses a redacted configuration instead of sending the marker', async () => {
    const error = await failure(
      sendAlertNotice(redactChannelConfig(webhookConfig()) as TAlertChannelConfig, makeNotice()),
    );
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/^invalid channel configuration \(secret, headers\./);
    expect(receiver.requests).toHaveLength(0);
  });
});

describe('slack channel', () => {
  it('sends the incoming-webhook shape: text, header, facts, reasons, a link button', async () => {
    await sendAlertNotice(slackConfig(), makeNotice());
    const [request] = receiver.requests;
    expect(request?.path).toBe('/services/T0/B0/sl4ckS3cretPath');
    expect(request?.headers['content-type']).toBe('application/json');
    const message = json(request);
    expect(Object.keys(message).sort()).toEqual(['blocks', 'text']);
    expect(message.text).toContain('sip3b would not serve if promoted');
    expect(message.text).toContain('<https://standby.example.com/hosts/host-7|Open the host in Standby>');
    const [header, facts, reasons, actions] = message.blocks;
    expect(header).toEqual({
      type: 'header',
      text: {
        type: 'plain_text',
        text: 'sip3b would not serve if promoted: Smart Proxy not ready within 60 s',
      },
    });
    expect(facts.type).toBe('section');
    expect(facts.fields.map((field: { text: string }) => field.text)).toEqual(
      expect.arrayContaining(['*Severity*\ncritical', '*Host*\nsip3b (SIP_Server_B)', '*Pair*\nsip3']),
    );
    expect(reasons).toEqual({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: '• Smart Proxy not ready within 60 s (timeout 45 s)\n• backup-sip-port-check is inert: &lt;IP takeover&gt; &amp; same host',
      },
    });
    expect(actions).toEqual({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Open the host in Standby' },
          url: 'https://standby.example.com/hosts/host-7',
        },
      ],
    });
  });

  it('says resolved on a resolve', async () => {
    await sendAlertNotice(slackConfig(), makeNotice({ kind: 'resolve' }));
    const message = json(receiver.requests[0]);
    expect(message.text).toMatch(/^Resolved: sip3b would not serve/);
    expect(message.blocks[0].text.text).toMatch(/^Resolved: /);
  });

  it("keeps the webhook URL's path (the credential) out of errors, even when the receiver echoes it", async () => {
    receiver.answer = (request) => ({ status: 404, body: `no_service for ${request.path}` });
    const error = await failure(sendAlertNotice(slackConfig(), makeNotice()));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(`HTTP 404 from ${receiver.host}`);
    expect(error.message).not.toContain('sl4ckS3cretPath');
  });
});

describe('pagerduty channel', () => {
  const accept = (request: ReceivedRequest) => ({
    status: 202,
    body: JSON.stringify({
      status: 'success',
      message: 'Event processed',
      dedup_key: json(request).dedup_key,
    }),
    headers: { 'content-type': 'application/json' },
  });

  it('sends Events API v2 events, the same dedup_key for trigger and resolve', async () => {
    receiver.answer = accept;
    await sendAlertNotice(pagerDutyConfig(), makeNotice({ kind: 'trigger' }));
    await sendAlertNotice(pagerDutyConfig(), makeNotice({ kind: 'resolve', at: '2026-03-04T06:00:00.000Z' }));
    const [trigger, resolve] = receiver.requests.map(json);
    expect(receiver.requests.map((request) => request.path)).toEqual(['/v2/enqueue', '/v2/enqueue']);
    expect(trigger).toEqual({
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      dedup_key: 'host-7:would-not-serve',
      payload: {
        summary: 'sip3b would not serve if promoted: Smart Proxy not ready within 60 s',
        source: 'sip3b',
        severity: 'critical',
        timestamp: '2026-03-04T05:06:07.000Z',
        component: 'SIP_Server_B',
        group: 'sip3',
        class: 'would-not-serve',
        custom_details: {
          verdict: 'WOULD_NOT_SERVE',
          reasons: makeNotice().reasons,
          condition: 'would-not-serve',
        },
      },
      links: [{ href: 'https://standby.example.com/hosts/host-7', text: 'Host in Standby' }],
      client: 'Standby',
      client_url: 'https://standby.example.com/hosts/host-7',
    });
    expect(resolve).toMatchObject({ event_action: 'resolve', routing_key: ROUTING_KEY });
    expect(resolve?.dedup_key).toBe(trigger?.dedup_key);
  });

  it('cuts the summary to 1024 characters and names Standby as the source without a host', async () => {
    receiver.answer = accept;
    await sendAlertNotice(pagerDutyConfig(), makeNotice({ title: 'x'.repeat(1024), host: null, pair: null }));
    await sendAlertNotice(pagerDutyConfig(), makeNotice({ title: 'y'.repeat(1000), severity: 'info' }));
    const [long, info] = receiver.requests.map(json);
    expect(long?.payload.summary).toHaveLength(1024);
    expect(long?.payload.source).toBe('standby');
    expect(long?.payload).not.toHaveProperty('component');
    expect(info?.payload.severity).toBe('info');
  });

  it('sends a test as a trigger then a resolve under a test dedup key', async () => {
    receiver.answer = accept;
    const test: TAlertNotice = makeNotice({
      kind: 'test',
      alertId: 'test-1',
      host: null,
      pair: null,
      link: 'https://standby.example.com/',
    });
    await sendAlertNotice(pagerDutyConfig(), test);
    const events = receiver.requests.map(json);
    expect(events.map((event) => event.event_action)).toEqual(['trigger', 'resolve']);
    expect(events[0]?.dedup_key).toBe('standby-test:test-1');
    expect(events[1]?.dedup_key).toBe(events[0]?.dedup_key);
  });

  it('sorts 400 as not retryable and 429 as retryable, without the routing key in the message', async () => {
    receiver.answer = (request) => ({
      status: 400,
      body: JSON.stringify({
        status: 'invalid event',
        errors: [`unknown routing_key ${json(request).routing_key}`],
      }),
    });
    const invalid = await failure(sendAlertNotice(pagerDutyConfig(), makeNotice()));
    expect(invalid.retryable).toBe(false);
    expect(invalid.message).toContain(`HTTP 400 from ${receiver.host}: {"status":"invalid event"`);
    expect(invalid.message).not.toContain(ROUTING_KEY);

    receiver.answer = () => ({ status: 429, body: 'rate limited' });
    expect((await failure(sendAlertNotice(pagerDutyConfig(), makeNotice()))).retryable).toBe(true);
  });
});

describe('secrets never appear in an error message', () => {
  it('even when a receiver echoes the whole request back', async () => {
    receiver.answer = (request) => ({
      status: 400,
      body: `${JSON.stringify(request.headers)} ${request.path} ${request.body.toString('utf8').slice(0, 100)}`,
    });
    const messages: string[] = [];
    for (const config of [webhookConfig(), slackConfig(), pagerDutyConfig()]) {
      messages.push((await failure(sendAlertNotice(config, makeNotice()))).message);
    }
    for (const message of messages) {
      for (const secret of [SIGNING_SECRET, AUTH_HEADER_VALUE, 'sl4ckS3cretPath', ROUTING_KEY])
        expect(message).not.toContain(secret);
    }
    expect(messages[0]).toContain('[secret]');
  });
});
