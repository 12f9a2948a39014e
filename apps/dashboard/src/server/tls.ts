import type { ServerOptions } from 'node:https';
import { createSecureContext } from 'node:tls';
import { PemFileError, readPemCertificateAndKey, readPemCertificates } from '@standby/protocol/pem-files';

/** Paths from STANDBY_TLS_CERT, STANDBY_TLS_KEY and STANDBY_TLS_CLIENT_CA (env.ts). */
export interface TDashboardTlsFiles {
  certFile?: string | undefined;
  keyFile?: string | undefined;
  clientCaFile?: string | undefined;
}

/** The dashboard cannot serve HTTPS as configured. The message names the variable; print it, not a stack. */
export class TlsSetupError extends Error {
  override readonly name = 'TlsSetupError';
}

export interface DashboardTls {
  serverOptions: ServerOptions;
  /** For the start log: the certificate's subject, names and end of validity. */
  description: string;
  /** The certificate is expired, not yet valid, or expires within WARN_DAYS. */
  warning?: string;
}

const WARN_DAYS = 14;
const DAY_MS = 86_400_000;

/**
 * Reads and checks the dashboard's certificate and key (PEM, belonging together, usable by OpenSSL)
 * before anything else starts; undefined when neither is set (plain HTTP, e.g. behind a proxy).
 * With a client CA every connection must present a certificate it signed — browsers included — so
 * that suits an API-only node that serves agents.
 */
export function loadDashboardTls(files: TDashboardTlsFiles, now = new Date()): DashboardTls | undefined {
  const { certFile, keyFile, clientCaFile } = files;
  if (!certFile && !keyFile) {
    if (clientCaFile)
      throw new TlsSetupError(
        'STANDBY_TLS_CLIENT_CA: needs STANDBY_TLS_CERT and STANDBY_TLS_KEY (client certificates are asked for over HTTPS only)',
      );
    return undefined;
  }
  if (!certFile)
    throw new TlsSetupError('STANDBY_TLS_CERT: not set while STANDBY_TLS_KEY is: set both or neither');
  if (!keyFile)
    throw new TlsSetupError('STANDBY_TLS_KEY: not set while STANDBY_TLS_CERT is: set both or neither');
  try {
    const { cert, key, leaf } = readPemCertificateAndKey(
      { file: certFile, setting: 'STANDBY_TLS_CERT' },
      { file: keyFile, setting: 'STANDBY_TLS_KEY' },
    );
    const ca = clientCaFile ? readPemCertificates(clientCaFile, 'STANDBY_TLS_CLIENT_CA').pem : undefined;
    const serverOptions: ServerOptions = {
      cert,
      key,
      ...(ca ? { ca, requestCert: true, rejectUnauthorized: true } : {}),
    };
    try {
      createSecureContext(serverOptions);
    } catch (error) {
      throw new TlsSetupError(
        `STANDBY_TLS_CERT / STANDBY_TLS_KEY: OpenSSL refuses them (${(error as Error).message})`,
      );
    }
    const validTo = new Date(leaf.validTo);
    const names = leaf.subjectAltName ?? leaf.subject.replace(/\n/g, ', ');
    return {
      serverOptions,
      description: `HTTPS with the certificate for ${names}, valid until ${validTo.toISOString()}${ca ? '; client certificates required (STANDBY_TLS_CLIENT_CA)' : ''}`,
      ...validityWarning(new Date(leaf.validFrom), validTo, now),
    };
  } catch (error) {
    if (error instanceof PemFileError) throw new TlsSetupError(error.message);
    throw error;
  }
}

function validityWarning(validFrom: Date, validTo: Date, now: Date): { warning?: string } {
  if (validTo <= now)
    return {
      warning: `STANDBY_TLS_CERT: the certificate expired on ${validTo.toISOString()}: browsers and agents refuse it`,
    };
  if (validFrom > now)
    return { warning: `STANDBY_TLS_CERT: the certificate is not valid before ${validFrom.toISOString()}` };
  const daysLeft = Math.floor((validTo.getTime() - now.getTime()) / DAY_MS);
  if (daysLeft < WARN_DAYS)
    return {
      warning: `STANDBY_TLS_CERT: the certificate expires in ${daysLeft} day(s), on ${validTo.toISOString()}`,
    };
  return {};
}
