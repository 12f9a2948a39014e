import type { TAlertChannelConfigOf, TAlertNotice } from '@standby/protocol';
import { createTransport } from 'nodemailer';
import type { TChannel } from './channel';
import { ChannelDeliveryError, snippetOf } from './channel-delivery-error';
import { emailMessage } from './email-message';
import { deliverySignal, seconds, type TSendOptions } from './send-options';

interface SmtpError {
  code?: string;
  originalCode?: string;
  responseCode?: number;
  /** The SMTP command the server answered. */
  command?: string;
  response?: string;
  permanent?: boolean;
  message?: string;
}

/** Node's codes for a TLS handshake or certificate check that failed (e.g. DEPTH_ZERO_SELF_SIGNED_CERT). */
const TLS_FAILURE = /CERT|SELF_SIGNED|UNABLE_TO_|^ERR_TLS|^ERR_SSL/;

/** Failures that need the channel changed, not time: sending again would fail the same way. */
const CONFIGURATION_CODES = new Set(['EAUTH', 'ENOAUTH', 'ECONFIG', 'EENVELOPE', 'EREQUIRETLS']);

/**
 * Sends the notice by SMTP: TLS from the start (`tls`), a required STARTTLS upgrade (`starttls`) or
 * plain (`none`, never upgrading); logs in when a username is set; checks the server's certificate
 * unless `rejectUnauthorized` is false. One connection per notice, closed afterwards.
 */
export async function sendEmail(
  config: TAlertChannelConfigOf<'email'>,
  notice: TAlertNotice,
  options: TSendOptions,
): Promise<void> {
  const { signal, timeoutMs, timedOut } = deliverySignal(options);
  const transport = createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure === 'tls',
    requireTLS: config.secure === 'starttls',
    ignoreTLS: config.secure === 'none',
    auth: config.username ? { user: config.username, pass: config.password ?? '' } : undefined,
    tls: { rejectUnauthorized: config.rejectUnauthorized },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const message = emailMessage(notice);
  try {
    await transport.sendMail({
      from: config.from,
      to: config.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      messageId: message.messageId,
      ...(message.inReplyTo ? { inReplyTo: message.inReplyTo, references: message.inReplyTo } : {}),
      headers: { 'X-Standby-Alert-Id': notice.alertId, 'X-Standby-Dedup-Key': notice.dedupKey },
      signal,
    });
  } catch (error) {
    throw smtpFailure(error as SmtpError, `${config.host}:${config.port}`, timeoutMs, timedOut());
  } finally {
    transport.close();
  }
}

function smtpFailure(
  error: SmtpError,
  receiver: string,
  timeoutMs: number,
  timedOut: boolean,
): ChannelDeliveryError {
  if (timedOut || error.code === 'ETIMEDOUT')
    return new ChannelDeliveryError(`no answer from ${receiver} within ${seconds(timeoutMs)}`, {
      retryable: true,
    });
  if (error.code === 'EABORT')
    return new ChannelDeliveryError(`sending to ${receiver} was cancelled`, { retryable: true });
  if (typeof error.responseCode === 'number') {
    const answer = snippetOf(error.response ?? '');
    const step = error.command ? ` to ${error.command.split(' ')[0]}` : '';
    return new ChannelDeliveryError(
      `SMTP ${error.responseCode} from ${receiver}${step}${answer ? `: ${answer}` : ''}`,
      {
        retryable: !(error.permanent ?? error.responseCode >= 500),
      },
    );
  }
  const code = error.code ?? 'error';
  if (CONFIGURATION_CODES.has(code))
    return new ChannelDeliveryError(`${code} with ${receiver}: ${snippetOf(error.message ?? '')}`, {
      retryable: false,
    });
  if (code === 'ETLS' || TLS_FAILURE.test(error.originalCode ?? ''))
    return new ChannelDeliveryError(`TLS with ${receiver} failed: ${snippetOf(error.message ?? '')}`, {
      retryable: true,
    });
  return new ChannelDeliveryError(`could not reach ${receiver} (${error.originalCode ?? code})`, {
    retryable: true,
  });
}

export const emailChannel: TChannel<'email'> = {
  send: sendEmail,
  receiver: (config) => `e-mail via ${config.host}:${config.port}`,
};
