import type { TTone } from './tone';

export interface TEnrollmentTokenFacts {
  expiresAt: Date;
  usesLeft: number;
  revokedAt: Date | null;
}

/** Whether an enrollment token can still enroll an agent, and if not why. */
export function enrollmentTokenStatus(
  token: TEnrollmentTokenFacts,
  now: number,
): { label: string; tone: TTone } {
  if (token.revokedAt) return { label: 'revoked', tone: 'neutral' };
  if (token.expiresAt.getTime() <= now) return { label: 'expired', tone: 'neutral' };
  if (token.usesLeft <= 0) return { label: 'used up', tone: 'neutral' };
  return { label: 'active', tone: 'success' };
}
