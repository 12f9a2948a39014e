import type { TAlertChannelConfigOf, TAlertNotice } from '@standby/protocol';
import { hostOf, type TChannel } from './channel';
import { linkLabel, noticeFacts, noticeHeadline, truncate } from './notice-text';
import { postJson } from './post-json';
import type { TSendOptions } from './send-options';

/** Slack's mrkdwn wants these three escaped in any text it did not write. */
function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** The incoming-webhook message: a fallback `text` (notifications) and the blocks. */
export function slackMessage(notice: TAlertNotice): { text: string; blocks: unknown[] } {
  const headline = noticeHeadline(notice);
  const facts = noticeFacts(notice).map(([label, value]) => ({
    type: 'mrkdwn',
    text: truncate(`*${label}*\n${escapeMrkdwn(value)}`, 2000),
  }));
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(headline, 150) } },
    { type: 'section', fields: facts.slice(0, 10) },
  ];
  if (notice.reasons.length > 0) {
    const reasons = notice.reasons.map((reason) => `• ${escapeMrkdwn(reason)}`).join('\n');
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(reasons, 3000) } });
  }
  blocks.push({
    type: 'actions',
    elements: [{ type: 'button', text: { type: 'plain_text', text: linkLabel(notice) }, url: notice.link }],
  });
  const text = `${truncate(escapeMrkdwn(headline), 2500)} <${notice.link}|${linkLabel(notice)}>`;
  return { text, blocks };
}

/** POSTs the notice to a Slack incoming webhook. */
export async function sendSlack(
  config: TAlertChannelConfigOf<'slack'>,
  notice: TAlertNotice,
  options: TSendOptions,
): Promise<void> {
  await postJson(config.webhookUrl, JSON.stringify(slackMessage(notice)), {}, options);
}

export const slackChannel: TChannel<'slack'> = {
  send: sendSlack,
  receiver: (config) => `Slack ${hostOf(config.webhookUrl)}`,
};
