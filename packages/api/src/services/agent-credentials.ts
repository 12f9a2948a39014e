import { createHash, randomBytes } from 'node:crypto';
import { ENROLLMENT_TOKEN_PREFIX } from '@standby/protocol';

/** Tokens and credentials here are long random strings: a plain sha256 is a safe stored form. */
export const hashSecret = (value: string): string => createHash('sha256').update(value).digest('hex');

export const newEnrollmentToken = (): string =>
  ENROLLMENT_TOKEN_PREFIX + randomBytes(32).toString('base64url');
// Agent credentials: `newAgentCredential` in @standby/protocol (the agent makes its own before enrolling).
