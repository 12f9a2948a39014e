// Node only (node:crypto, node:fs): imported as `@standby/protocol/pem-files` by the dashboard's
// HTTPS server and the agent's link, never by browser code.
import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A TLS file that cannot be used. The message names the setting and the file; it carries no stack worth showing. */
export class PemFileError extends Error {
  override readonly name = 'PemFileError';
}

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const PRIVATE_KEY_BLOCK =
  /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----[\s\S]+?-----END (?:[A-Z]+ )?PRIVATE KEY-----/;

export interface PemCertificates {
  /** Only the certificate blocks, in file order (anything around them dropped). */
  pem: string;
  certificates: X509Certificate[];
}

/** Reads a PEM file of one or more certificates (a leaf and its chain, or a CA bundle), each one parsed. */
export function readPemCertificates(file: string, setting: string): PemCertificates {
  const blocks = readText(file, setting).match(CERTIFICATE_BLOCK);
  if (!blocks)
    throw new PemFileError(
      `${setting} (${file}): no PEM certificate in it (expected -----BEGIN CERTIFICATE-----)`,
    );
  const certificates = blocks.map((block, index) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw new PemFileError(
        `${setting} (${file}): certificate ${index + 1} in it is not a valid X.509 certificate`,
      );
    }
  });
  return { pem: `${blocks.join('\n')}\n`, certificates };
}

/** Reads an unencrypted PEM private key (PKCS#8, PKCS#1 or SEC1). */
export function readPemPrivateKey(file: string, setting: string): { pem: string; key: KeyObject } {
  const block = readText(file, setting).match(PRIVATE_KEY_BLOCK)?.[0];
  if (!block)
    throw new PemFileError(
      `${setting} (${file}): no PEM private key in it (expected -----BEGIN PRIVATE KEY-----)`,
    );
  try {
    return { pem: `${block}\n`, key: createPrivateKey(block) };
  } catch (error) {
    const encrypted = (error as { code?: string }).code === 'ERR_MISSING_PASSPHRASE';
    throw new PemFileError(
      encrypted
        ? `${setting} (${file}): the key is encrypted; give it unencrypted, readable by this service only`
        : `${setting} (${file}): not a valid private key`,
    );
  }
}

export interface PemCertificateAndKey {
  /** The leaf first, then any intermediates. */
  cert: string;
  key: string;
  leaf: X509Certificate;
}

/** A certificate file and its key file, checked to belong together. */
export function readPemCertificateAndKey(
  cert: { file: string; setting: string },
  key: { file: string; setting: string },
): PemCertificateAndKey {
  const chain = readPemCertificates(cert.file, cert.setting);
  const privateKey = readPemPrivateKey(key.file, key.setting);
  const leaf = chain.certificates[0]!;
  if (!leaf.checkPrivateKey(privateKey.key))
    throw new PemFileError(
      `${key.setting} (${key.file}): this key does not belong to the certificate in ${cert.setting} (${cert.file})`,
    );
  return { cert: chain.pem, key: privateKey.pem, leaf };
}

function readText(file: string, setting: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new PemFileError(`${setting} (${file}): cannot read it (${code})`);
  }
}
