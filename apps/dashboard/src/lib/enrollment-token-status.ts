import type { TDateLike } from './format';
import type { TTone } from './tone';

export interface TEnrollmentTokenFacts {
  expiresAt: TDateLike;
  usesLeft: number;
  revokedAt: TDateLike | null;
}

/** Whether an enrollment token can still enroll an agent, and if not why. */
export function enrollmentTokenStatus(
  token: TEnrollmentTokenFacts,
  now: number,
): { label: string; tone: TTone } {
  if (token.revokedAt) return { label: 'revoked', tone: 'neutral' };
  if (new Date(token.expiresAt).getTime() <= now) return { label: 'expired', tone: 'neutral' };
  if (token.usesLeft <= 0) return { label: 'used up', tone: 'neutral' };
  return { label: 'active', tone: 'success' };
}
