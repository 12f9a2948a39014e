import type { TAlertChannelConfigOf, TAlertNotice } from '@standby/protocol';
import { hostOf, type TChannel } from './channel';
import { truncate } from './notice-text';
import { postJson } from './post-json';
import type { TSendOptions } from './send-options';

type TEventAction = 'trigger' | 'resolve';

/** The Events API v2 event for a notice; `dedupKey` ties a resolve to its trigger. */
export function pagerDutyEvent(
  routingKey: string,
  notice: TAlertNotice,
  action: TEventAction,
  dedupKey: string,
): Record<string, unknown> {
  return {
    routing_key: routingKey,
    event_action: action,
    dedup_key: dedupKey,
    payload: {
      summary: truncate(notice.title, 1024),
      source: notice.host?.hostname ?? 'standby',
      severity: notice.severity,
      timestamp: notice.at,
      component: notice.host?.application,
      group: notice.pair?.name,
      class: notice.condition,
      custom_details: { verdict: notice.verdict, reasons: notice.reasons, condition: notice.condition },
    },
    links: [{ href: notice.link, text: 'Host in Standby' }],
    client: 'Standby',
    client_url: notice.link,
  };
}

/**
 * Sends the notice as a PagerDuty event: a trigger or a resolve under the notice's dedup key. A
 * test is a trigger and, once accepted, its resolve, under a key of its own (no real incident).
 */
export async function sendPagerDuty(
  config: TAlertChannelConfigOf<'pagerduty'>,
  notice: TAlertNotice,
  options: TSendOptions,
): Promise<void> {
  const post = (action: TEventAction, dedupKey: string) =>
    postJson(
      config.eventsUrl,
      JSON.stringify(pagerDutyEvent(config.routingKey, notice, action, dedupKey)),
      {},
      options,
    );
  if (notice.kind !== 'test') return post(notice.kind, notice.dedupKey);
  const testKey = `standby-test:${notice.alertId}`;
  await post('trigger', testKey);
  await post('resolve', testKey);
}

export const pagerDutyChannel: TChannel<'pagerduty'> = {
  send: sendPagerDuty,
  receiver: (config) => `PagerDuty ${hostOf(config.eventsUrl)}`,
};
