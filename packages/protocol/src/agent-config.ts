import { COMPONENT_NAMES, SIP_SERVER_MODES } from '@standby/domain';
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

const ZRegex = z.string().min(1).max(500).refine(isValidRegex, 'must be a valid regular expression');

function isValidRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where the agent reads the SIP Server's role, instead of a literal: a file whose content is
 * `backup` or `primary`, or a log / HTTP body / command output matched by two expressions (for a
 * log, the last line matching either wins). Re-read continuously: a change is a switchover.
 */
export const ZModeSourceSchema = z.union([
  z.strictObject({ file: z.string().min(1) }),
  z.strictObject({ log: z.string().min(1), backup: ZRegex, primary: ZRegex }),
  z.strictObject({ http: z.url({ protocol: /^https?$/ }), backup: ZRegex, primary: ZRegex }),
  z.strictObject({ command: z.string().min(1), backup: ZRegex, primary: ZRegex }),
]);
export type TModeSource = z.infer<typeof ZModeSourceSchema>;

/** Where the agent reads the SIP Server's version: a file's content, or one capture group of `match`. */
export const ZVersionSourceSchema = z.union([
  z.strictObject({ file: z.string().min(1), match: ZRegex.optional() }),
  z.strictObject({ log: z.string().min(1), match: ZRegex }),
  z.strictObject({ http: z.url({ protocol: /^https?$/ }), match: ZRegex }),
  z.strictObject({ command: z.string().min(1), match: ZRegex }),
]);
export type TVersionSource = z.infer<typeof ZVersionSourceSchema>;

/** Default for `agent.intervalSec`: a re-check keeps the audit current between starts. */
export const DEFAULT_CHECK_INTERVAL_SEC = 300;

export const ZAgentConfigSchema = z.strictObject({
  sipServer: z.strictObject({
    application: z.string().min(1).max(255),
    /** A literal, or where to read it (observed, re-read continuously). */
    version: z.union([z.string().min(1).max(64), ZVersionSourceSchema]),
    mode: z.union([z.enum(SIP_SERVER_MODES), ZModeSourceSchema]),
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
    /**
     * Optional: without it, the daemon tells SIP Server starts by the process listening on the first
     * TCP probe's port (pid, start time and socket), or an HTTP probe coming back up.
     */
    watch: ZSipServerWatchSchema.optional(),
    /** One probe per component, every component (an enum-keyed record is exhaustive and strict). */
    components: z.record(z.enum(COMPONENT_NAMES), ZProbeSpecSchema),
  }),
  dashboard: z
    .strictObject({
      url: z.url({ protocol: /^https?$/ }),
      /** Holds the enrollment token an admin gave; the agent replaces it with its own credential (0600). */
      tokenFile: z.string().min(1).optional(),
      /** Unacked results and applied commands survive restarts here (default: standby-state/ beside the config). */
      stateDir: z.string().min(1).default('standby-state'),
      /**
       * PEM bundle of the CAs the dashboard's certificate must chain to, instead of the system's
       * roots (like curl's --cacert). Without it, an https:// dashboard needs a publicly trusted certificate.
       */
      caFile: z.string().min(1).optional(),
      /** Client certificate (PEM, with any intermediates) for a dashboard or proxy that asks for one. */
      certFile: z.string().min(1).optional(),
      /** The client certificate's private key (PEM, unencrypted; keep it 0600). */
      keyFile: z.string().min(1).optional(),
    })
    .refine((d) => (d.certFile === undefined) === (d.keyFile === undefined), {
      message: 'give both certFile and keyFile, or neither',
      path: ['certFile'],
    })
    .refine((d) => /^https:/i.test(d.url) || !(d.caFile || d.certFile), {
      message: 'caFile, certFile and keyFile need an https:// dashboard url',
      path: ['url'],
    })
    .optional(),
  agent: z
    .strictObject({
      /** Run the check again every N seconds (besides at each start and on command); 0 turns it off. */
      intervalSec: z
        .number()
        .int()
        .refine((n) => n === 0 || (n >= 5 && n <= 86_400), 'must be 0 (off) or 5 to 86400')
        .default(DEFAULT_CHECK_INTERVAL_SEC),
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
      /**
       * Prometheus /metrics (docs/METRICS.md): served only when this section is present, on loopback
       * unless `host` says otherwise. No authentication: keep it on an address only the scraper reaches.
       */
      metrics: z
        .strictObject({
          /** 0 picks a free port (logged). */
          port: z.number().int().min(0).max(65_535),
          host: z.string().min(1).max(255).default('127.0.0.1'),
        })
        .optional(),
    })
    // prefault, not default: the inner defaults (intervalSec) apply to an absent section too.
    .prefault({}),
});
export type TAgentConfig = z.infer<typeof ZAgentConfigSchema>;
