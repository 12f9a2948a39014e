import { createHash, randomBytes } from 'node:crypto';
import { AGENT_CREDENTIAL_PREFIX, ENROLLMENT_TOKEN_PREFIX } from '@standby/protocol';

/** Tokens and credentials here are long random strings: a plain sha256 is a safe stored form. */
export const hashSecret = (value: string): string => createHash('sha256').update(value).digest('hex');

export const newEnrollmentToken = (): string =>
  ENROLLMENT_TOKEN_PREFIX + randomBytes(32).toString('base64url');
export const newAgentCredential = (): string =>
  AGENT_CREDENTIAL_PREFIX + randomBytes(32).toString('base64url');
