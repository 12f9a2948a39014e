import { createHmac } from 'node:crypto';
import {
  type TAlertChannelConfigOf,
  type TAlertNotice,
  WEBHOOK_DELIVERY_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
} from '@standby/protocol';
import { hostOf, type TChannel } from './channel';
import { postJson } from './post-json';
import type { TSendOptions } from './send-options';

/** The version of the webhook body; a receiver can tell later shapes apart by it. */
export const WEBHOOK_BODY_VERSION = 1;

/** `sha256=<hex>`: HMAC-SHA256 of the exact body bytes, keyed with the channel's secret. */
export function webhookSignature(secret: string, body: Uint8Array): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * POSTs the notice as JSON (plus `version`), signed in X-Standby-Signature, with X-Standby-Delivery
 * (`<alertId>:<kind>`, the same on every retry: an idempotency key) and the channel's own headers.
 */
export async function sendWebhook(
  config: TAlertChannelConfigOf<'webhook'>,
  notice: TAlertNotice,
  options: TSendOptions,
): Promise<void> {
  const body = Buffer.from(JSON.stringify({ version: WEBHOOK_BODY_VERSION, ...notice }), 'utf8');
  await postJson(
    config.url,
    body,
    {
      ...config.headers,
      [WEBHOOK_SIGNATURE_HEADER]: webhookSignature(config.secret, body),
      [WEBHOOK_TIMESTAMP_HEADER]: String(Math.floor(Date.now() / 1000)),
      [WEBHOOK_DELIVERY_HEADER]: `${notice.alertId}:${notice.kind}`,
    },
    options,
  );
}

export const webhookChannel: TChannel<'webhook'> = {
  send: sendWebhook,
  receiver: (config) => `webhook ${hostOf(config.url)}`,
};
