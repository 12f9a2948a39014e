import { z } from 'zod';

/** A YAML scalar as an option value: `true`, `60` and `"60"` all mean the text the options file holds. */
const ZBaselineValueSchema = z
  .union([z.string(), z.number(), z.boolean()])
  .transform((value) => String(value));

const ZBaselineOptionsSchema = z.record(z.string().min(1).max(100), ZBaselineValueSchema);

/**
 * The baseline document as written (docs/OPTION-CHANGES.md "Baseline as code"): desired option values
 * for the whole fleet, per pair (by name), and per host pattern (`*` any characters, `?` one; with a
 * slash it matches `hostname/application`). Later levels and later host entries win. Unknown keys are
 * refused so a typo never silently means "no baseline here".
 */
export const ZBaselineDocumentSchema = z
  .object({
    fleet: ZBaselineOptionsSchema.default({}),
    pairs: z.record(z.string().min(1).max(200), ZBaselineOptionsSchema).default({}),
    hosts: z
      .array(
        z
          .object({
            match: z
              .string()
              .min(1)
              .max(300)
              .regex(/^[A-Za-z0-9._*?/-]+$/, 'letters, digits, . _ - / and the wildcards * ?'),
            options: ZBaselineOptionsSchema,
          })
          .strict(),
      )
      .max(10_000)
      .default([]),
  })
  .strict();
export type TBaselineDocument = z.infer<typeof ZBaselineDocumentSchema>;

/** The YAML text an admin sends (import, dry run, set). */
export const ZBaselineYamlSchema = z.object({
  yaml: z.string().max(1_000_000, 'the baseline is larger than 1 MB'),
});

const ZOptionChangeSchema = z.object({ option: z.string(), from: z.string().nullable(), to: z.string() });

/** The dry run of a baseline: per host whose values would change, the diff and what it would raise. */
export const ZBaselineDryRunSchema = z.object({
  hosts: z.array(
    z.object({
      hostId: z.string(),
      hostname: z.string(),
      application: z.string(),
      pairName: z.string().nullable(),
      changes: z.array(ZOptionChangeSchema),
      /** Findings the new values would raise (codes and messages). */
      findingsAfter: z.array(z.object({ code: z.string(), severity: z.string(), message: z.string() })),
    }),
  ),
  /** Hosts the baseline covers whose values already match. */
  unchanged: z.number().int(),
  /** Hosts the baseline says nothing about. */
  uncovered: z.number().int(),
  /** The restricted options among the changes: applying needs a confirmation and a reason. */
  restricted: z.array(z.string()),
});
export type TBaselineDryRun = z.infer<typeof ZBaselineDryRunSchema>;

export const ZActiveBaselineSchema = z.object({
  id: z.string(),
  yaml: z.string(),
  actorLabel: z.string(),
  createdAt: z.date(),
  /** Hosts with at least one baseline-drift finding, and those findings. */
  driftingHosts: z.number().int(),
  driftFindings: z.number().int(),
});
export type TActiveBaseline = z.infer<typeof ZActiveBaselineSchema>;
