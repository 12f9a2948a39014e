import { createHash } from 'node:crypto';
import type { TAlertNotice } from '@standby/protocol';
import { linkLabel, noticeFacts, noticeHeadline, noticeLabel } from './notice-text';

export interface TEmailMessage {
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** A resolve answers its trigger's message, so mail clients show them as one thread. */
  inReplyTo?: string;
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** A stable Message-ID per alert and notice kind: a retried send carries the same one. */
function messageIdOf(notice: TAlertNotice, kind: TAlertNotice['kind']): string {
  const thread = createHash('sha256').update(notice.alertId).digest('hex').slice(0, 32);
  return `<${thread}.${kind}@standby.alerts>`;
}

/** Subject `[Standby] TRIGGER|RESOLVED|TEST: <title>`, a plain text body and the same as simple HTML. */
export function emailMessage(notice: TAlertNotice): TEmailMessage {
  const facts = noticeFacts(notice);
  const text = [
    noticeHeadline(notice),
    '',
    ...facts.map(([label, value]) => `${label}: ${value}`),
    ...(notice.reasons.length > 0 ? ['', 'Reasons:', ...notice.reasons.map((reason) => `- ${reason}`)] : []),
    '',
    `${linkLabel(notice)}: ${notice.link}`,
    '',
  ].join('\n');
  const rows = facts
    .map(
      ([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
    )
    .join('');
  const reasons =
    notice.reasons.length > 0
      ? `<p>Reasons:</p><ul>${notice.reasons.map((reason) => `<li>${escapeHtml(reason)}</li>`).join('')}</ul>`
      : '';
  const html = [
    '<!doctype html><html><body>',
    `<h2>${escapeHtml(noticeHeadline(notice))}</h2>`,
    `<table cellpadding="4">${rows}</table>`,
    reasons,
    `<p><a href="${escapeHtml(notice.link)}">${escapeHtml(linkLabel(notice))}</a></p>`,
    '</body></html>',
  ].join('');
  return {
    subject: `[Standby] ${noticeLabel(notice)}: ${notice.title}`,
    text,
    html,
    messageId: messageIdOf(notice, notice.kind),
    ...(notice.kind === 'resolve' ? { inReplyTo: messageIdOf(notice, 'trigger') } : {}),
  };
}
