import type { TAgentConfig } from '@standby/protocol';
import { PemFileError, readPemCertificateAndKey, readPemCertificates } from '@standby/protocol/pem-files';
import { ConfigError } from '../errors';

/**
 * What the agent trusts and presents on an https:// dashboard link (socket.io and tRPC alike).
 * `ca` replaces the system's roots (like curl's --cacert); absent, the system's roots apply.
 */
export interface DashboardTls {
  ca?: string;
  cert?: string;
  key?: string;
}

type TlsSettings = Pick<NonNullable<TAgentConfig['dashboard']>, 'caFile' | 'certFile' | 'keyFile'>;

/** Reads and checks the files once, at start: a bad one stops the agent with a line naming the key. */
export function loadDashboardTls(settings: TlsSettings): DashboardTls {
  try {
    const tls: DashboardTls = {};
    if (settings.caFile) tls.ca = readPemCertificates(settings.caFile, 'dashboard.caFile').pem;
    if (settings.certFile && settings.keyFile) {
      const pair = readPemCertificateAndKey(
        { file: settings.certFile, setting: 'dashboard.certFile' },
        { file: settings.keyFile, setting: 'dashboard.keyFile' },
      );
      tls.cert = pair.cert;
      tls.key = pair.key;
    }
    return tls;
  } catch (error) {
    if (error instanceof PemFileError) throw new ConfigError(error.message);
    throw error;
  }
}

/** OpenSSL's verdicts on a server certificate the agent cannot trust. */
const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);
const OUT_OF_DATE = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

/**
 * One clear sentence for a TLS failure on the link to `dashboardUrl` — what is wrong and which
 * setting fixes it — or undefined when `error` is not about TLS. Looks through wrappers
 * (fetch's `cause`, socket.io's transport error and the WebSocket's error event).
 */
export function describeTlsFailure(error: unknown, dashboardUrl: string): string | undefined {
  const origin = originOf(dashboardUrl);
  for (let cause = error, depth = 0; cause && typeof cause === 'object' && depth < 5; depth++) {
    const { code, message, reason } = cause as { code?: unknown; message?: unknown; reason?: unknown };
    const why = tidyReason(
      typeof reason === 'string' ? reason : typeof message === 'string' ? message : String(code),
    );
    if (typeof code === 'string') {
      if (UNTRUSTED.has(code))
        return `certificate of ${origin} is not trusted (${why}): set dashboard.caFile to the CA that signed it`;
      if (OUT_OF_DATE.has(code))
        return `certificate of ${origin} is not valid now (${why}): renew it on the dashboard`;
      if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
        return `certificate of ${origin} does not name this address (${why}): use a name the certificate lists in dashboard.url`;
      if (
        /^ERR_SSL_.*ALERT_(CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN)$/.test(code)
      )
        return `${origin} refused this agent's client certificate (${why}): set dashboard.certFile and dashboard.keyFile to one its CA signed`;
      if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || (code === 'EPROTO' && why === 'wrong version number'))
        return `${origin} does not answer TLS (${why}): is the dashboard serving https on this port?`;
      if (code === 'EPROTO' || code.startsWith('ERR_SSL_'))
        return `TLS with ${origin} failed (${why}): check the dashboard's TLS settings and dashboard.caFile/certFile`;
    }
    const wrapper = cause as { cause?: unknown; error?: unknown; description?: unknown };
    cause = wrapper.cause ?? wrapper.error ?? wrapper.description;
  }
  return undefined;
}

/** OpenSSL's raw lines carry error numbers and source paths: keep the reason only ("wrong version number"). */
function tidyReason(text: string): string {
  return text.match(/SSL routines:[^:]*:([^:]+)/)?.[1]?.trim() ?? text;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
