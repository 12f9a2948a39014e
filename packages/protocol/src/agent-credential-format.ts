import { z } from 'zod';

/** An enrollment token, as an admin hands it to an agent (it goes in the agent's token file). */
export const ENROLLMENT_TOKEN_PREFIX = 'sbe_';
/** An agent's own credential, which replaces the enrollment token in the file once exchanged. */
export const AGENT_CREDENTIAL_PREFIX = 'sba_';

/** `sba_` and 32 random bytes in base64url (43 characters, no padding). */
export const AGENT_CREDENTIAL_PATTERN = /^sba_[A-Za-z0-9_-]{43}$/;

/** A credential as the agent makes it before enrolling (and as the dashboard used to make it). */
export const ZAgentCredentialSchema = z
  .string()
  .regex(AGENT_CREDENTIAL_PATTERN, 'an agent credential is "sba_" followed by 43 base64url characters');

/**
 * A new agent credential: 32 bytes from the platform's CSPRNG (Web Crypto, so this module stays
 * usable in a browser bundle). The agent makes its own before enrolling, so that a retry of an
 * enrollment whose answer was lost proves the same secret (see `enrollAgent`).
 */
export function newAgentCredential(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(32));
  const base64 = btoa(String.fromCharCode(...bytes));
  return AGENT_CREDENTIAL_PREFIX + base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
