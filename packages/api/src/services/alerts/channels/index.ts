import {
  listChannelSecrets,
  type TAlertChannelConfig,
  type TAlertChannelKind,
  type TAlertNotice,
  ZAlertChannelConfigSchema,
  ZAlertNoticeSchema,
} from '@standby/protocol';
import type { TChannel } from './channel';
import { ChannelDeliveryError, scrubSecrets } from './channel-delivery-error';
import { emailChannel } from './email';
import { pagerDutyChannel } from './pagerduty';
import type { TSendOptions } from './send-options';
import { slackChannel } from './slack';
import { webhookChannel } from './webhook';

export { ChannelDeliveryError } from './channel-delivery-error';
export { DEFAULT_CHANNEL_TIMEOUT_MS, type TSendOptions } from './send-options';
export { WEBHOOK_BODY_VERSION, webhookSignature } from './webhook';

/** The channel kinds: a registry, one module each. */
const CHANNELS: { [K in TAlertChannelKind]: TChannel<K> } = {
  webhook: webhookChannel,
  slack: slackChannel,
  email: emailChannel,
  pagerduty: pagerDutyChannel,
};

function channelOf(config: TAlertChannelConfig): TChannel<TAlertChannelKind> {
  return CHANNELS[config.kind] as TChannel<TAlertChannelKind>;
}

/**
 * Delivers one notice through one channel. Resolves once the receiver accepted it; otherwise
 * throws a ChannelDeliveryError whose `retryable` says whether to try again later and whose
 * message names the receiver's answer — with every secret of the channel scrubbed out. The
 * configuration is checked first (stored JSON gets its defaults; a redacted one is refused).
 */
export async function sendAlertNotice(
  config: TAlertChannelConfig,
  notice: TAlertNotice,
  options: TSendOptions = {},
): Promise<void> {
  const parsedConfig = ZAlertChannelConfigSchema.safeParse(config);
  if (!parsedConfig.success)
    throw new ChannelDeliveryError(`invalid channel configuration (${issuePaths(parsedConfig.error)})`, {
      retryable: false,
    });
  const parsedNotice = ZAlertNoticeSchema.safeParse(notice);
  if (!parsedNotice.success)
    throw new ChannelDeliveryError(`invalid notice (${issuePaths(parsedNotice.error)})`, {
      retryable: false,
    });
  const channel = channelOf(parsedConfig.data);
  const secrets = listChannelSecrets(parsedConfig.data);
  try {
    await channel.send(parsedConfig.data, parsedNotice.data, options);
  } catch (error) {
    if (error instanceof ChannelDeliveryError)
      throw new ChannelDeliveryError(scrubSecrets(error.message, secrets), {
        retryable: error.retryable,
        retryAfterMs: error.retryAfterMs,
      });
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const where = channel.receiver(parsedConfig.data);
    throw new ChannelDeliveryError(
      scrubSecrets(`unexpected failure sending to ${where}: ${detail}`, secrets),
      {
        retryable: true,
      },
    );
  }
}

/** Where a channel delivers, without its secrets: for logs and the channel list. */
export function describeChannelReceiver(config: TAlertChannelConfig): string {
  return channelOf(config).receiver(config);
}

function issuePaths(error: { issues: { path: PropertyKey[] }[] }): string {
  return [...new Set(error.issues.map((issue) => issue.path.map(String).join('.') || '(root)'))].join(', ');
}
