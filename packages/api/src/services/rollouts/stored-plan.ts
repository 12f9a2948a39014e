import { ZWaveSizeSchema } from '@standby/protocol';
import { z } from 'zod';

/** What a rollout stores of its plan beside the request (the waves' hosts are in RolloutWave). */
export interface TStoredRolloutPlan {
  canary: z.infer<typeof ZWaveSizeSchema>;
  next: z.infer<typeof ZWaveSizeSchema>;
  /** A restart is needed for the values to take effect: a wave passes on the check after it. */
  waitsForRestart: boolean;
}

const ZStoredPlanSchema = z.object({
  canary: ZWaveSizeSchema,
  next: ZWaveSizeSchema,
  waitsForRestart: z.boolean().default(true),
});

/** A rollout's stored plan; a row edited by hand into nonsense waits for the restart, the safe reading. */
export function readStoredPlan(value: unknown): TStoredRolloutPlan {
  const parsed = ZStoredPlanSchema.safeParse(value);
  return parsed.success
    ? parsed.data
    : { canary: { unit: 'hosts', value: 1 }, next: { unit: 'hosts', value: 1 }, waitsForRestart: true };
}
