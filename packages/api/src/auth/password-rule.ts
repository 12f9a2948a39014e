import { z } from 'zod';

/** The password rule for every account Standby creates (better-auth enforces the same minimum at sign-in). */
export const ZPasswordSchema = z.string().min(10, 'at least 10 characters').max(128);
