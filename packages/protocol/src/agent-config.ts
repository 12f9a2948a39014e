import { SIP_SERVER_MODES } from '@standby/domain';
import { z } from 'zod';

const ZHostPort = z.string().regex(/^(\[[0-9a-fA-F:]+\]|[^:\s]+):\d{1,5}$/, 'must be "host:port"');

/** How the agent tells that one internal component finished initializing: exactly one probe each. */
export const ZProbeSpecSchema = z.union([
  z.strictObject({ tcp: ZHostPort }),
  z.strictObject({ http: z.url({ protocol: /^https?$/ }) }),
  z.strictObject({ file: z.string().min(1) }),
  z.strictObject({ log: z.string().min(1), match: z.string().min(1) }),
  z.strictObject({ command: z.string().min(1) }),
]);
export type TProbeSpec = z.infer<typeof ZProbeSpecSchema>;

/** How the daemon tells that the SIP Server (re)started: exactly one of these. */
export const ZSipServerWatchSchema = z
  .strictObject({
    pidFile: z.string().min(1).optional(),
    processName: z.string().min(1).max(15).optional(),
    statusUrl: z.url({ protocol: /^https?$/ }).optional(),
  })
  .refine((w) => Object.values(w).filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of pidFile, processName, statusUrl',
  });
export type TSipServerWatch = z.infer<typeof ZSipServerWatchSchema>;

export const ZAgentConfigSchema = z.strictObject({
  sipServer: z.strictObject({
    application: z.string().min(1).max(255),
    version: z.string().min(1).max(64),
    mode: z.enum(SIP_SERVER_MODES),
    pair: z.string().min(1).max(255).optional(),
    sameHost: z.boolean().default(false),
    /** Transports the SIP port serves; the port check opens each (UDP and TCP unless configured otherwise). */
    transports: z
      .array(z.enum(['udp', 'tcp']))
      .min(1)
      .refine((list) => new Set(list).size === list.length, 'each transport at most once')
      .default(['udp', 'tcp']),
    /** Defaults to this machine's host name. */
    hostname: z.string().min(1).max(255).optional(),
    optionsFile: z.string().min(1),
    /** Optional: without it, the daemon checks at its own start, on command and on the interval. */
    watch: ZSipServerWatchSchema.optional(),
    components: z.strictObject({
      't-controller': ZProbeSpecSchema,
      'smart-proxy': ZProbeSpecSchema,
      'interaction-proxy': ZProbeSpecSchema,
      'operational-info': ZProbeSpecSchema,
    }),
  }),
  dashboard: z
    .strictObject({
      url: z.url({ protocol: /^https?$/ }),
      /** Holds the enrollment token an admin gave; the agent replaces it with its own credential (0600). */
      tokenFile: z.string().min(1).optional(),
      /** Unacked results and applied commands survive restarts here (default: standby-state/ beside the config). */
      stateDir: z.string().min(1).default('standby-state'),
    })
    .optional(),
  agent: z
    .strictObject({
      /** Run the check again every N seconds (besides at each start and on command). */
      intervalSec: z.number().int().min(5).max(86_400).optional(),
      /** The local status for the host's management layer. */
      status: z
        .strictObject({
          /** HTTP endpoint: 200 RUNNING, 503 otherwise (0 picks a free port). */
          httpPort: z.number().int().min(0).max(65_535).optional(),
          httpHost: z.string().min(1).default('127.0.0.1'),
          /** Written atomically on every change. */
          file: z.string().min(1).optional(),
          /** Run through /bin/sh when the status changes (STANDBY_STATUS, STANDBY_PREVIOUS_STATUS, STANDBY_RUN_ID). */
          onChange: z.string().min(1).optional(),
        })
        .optional(),
    })
    .default({}),
});
export type TAgentConfig = z.infer<typeof ZAgentConfigSchema>;
