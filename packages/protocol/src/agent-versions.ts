import { z } from 'zod';

/** fleet.agentVersions: which agent versions the fleet runs, and how many lag behind the newest. */
export const ZAgentVersionSummarySchema = z.object({
  newest: z.string().nullable(),
  versions: z.array(z.object({ version: z.string(), agents: z.number().int(), behindNewest: z.boolean() })),
  behind: z.number().int(),
  unreported: z.number().int(),
});
