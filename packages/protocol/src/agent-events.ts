import { COMPONENT_NAMES, COMPONENT_STATES, SIP_SERVER_MODES } from '@standby/domain';
import { z } from 'zod';
import type { TAck } from './ack';
import {
  CHECK_TRIGGERS,
  hasDuplicateNames,
  type TCheckResult,
  ZAgentTimestampSchema,
  ZCheckResultSchema,
  ZCheckTimeoutSecSchema,
  ZReadyAfterMsSchema,
  ZReportedOptionsSchema,
} from './check-result';
import { zSafeText } from './safe-text';

/** Every agent payload is refused above this size (bytes of JSON), before parsing (see measurePayload). */
export const MAX_AGENT_PAYLOAD_BYTES = 64 * 1024;

const ZOptionsMap = ZReportedOptionsSchema;

/** Who the agent is and what its SIP Server looks like, sent on every (re)connect. */
export const ZAgentHelloSchema = z.object({
  hostKey: zSafeText(255).min(1),
  hostname: zSafeText(255).min(1),
  application: zSafeText(255).min(1),
  pair: zSafeText(255).min(1).nullable(),
  /** As observed (a literal in the config, or read from its source); '' when unreadable. */
  version: zSafeText(64),
  /** As observed; `unknown` while the configured source cannot be read. */
  mode: z.enum([...SIP_SERVER_MODES, 'unknown']),
  sameHost: z.boolean(),
  /** The options file now. */
  configuredOptions: ZOptionsMap,
  /** The agent's clock just before it read the options file (optional: older agents). */
  configuredOptionsReadAt: ZAgentTimestampSchema.optional(),
  /** What the running SIP Server uses: the file as it was at the server's last start. */
  effectiveOptions: ZOptionsMap,
  agentVersion: zSafeText(64),
  /** When the running SIP Server instance started (null: not running, or the agent cannot tell). */
  serverStartedAt: ZAgentTimestampSchema.nullable().default(null),
  /** The agent's re-check interval (0: none): the dashboard marks the host unknown after silence longer than that. */
  intervalSec: z.number().int().min(0).max(86_400).nullable().default(null),
  /** The agent's clock when it sent the hello: the dashboard measures the clock skew from it. Optional (older agents). */
  sentAt: ZAgentTimestampSchema.optional(),
});
export type TAgentHello = z.infer<typeof ZAgentHelloSchema>;

export const ZCheckStartedSchema = z.object({
  runId: z.uuid(),
  startedAt: ZAgentTimestampSchema,
  timeoutSec: ZCheckTimeoutSecSchema,
  trigger: z.enum(CHECK_TRIGGERS).default('start'),
  /** The SIP Server is starting: the host shows INITIALIZING until the result. Re-checks of a running server keep their verdict. */
  atStart: z.boolean().default(true),
});
export type TCheckStarted = z.infer<typeof ZCheckStartedSchema>;

export const ZComponentProgressSchema = z.object({
  runId: z.uuid(),
  name: z.enum(COMPONENT_NAMES),
  state: z.enum(COMPONENT_STATES),
  readyAfterMs: z.number().int().nonnegative().nullable(),
});
export type TComponentProgress = z.infer<typeof ZComponentProgressSchema>;

/**
 * After a check whose components timed out, when they did become ready (observed past the deadline,
 * up to a bound): the startup chart and the p95 see the real startup time. The verdict does not change.
 */
export const ZCheckLateReadySchema = z.object({
  runId: z.uuid(),
  components: z
    .array(
      z.object({
        name: z.enum(COMPONENT_NAMES),
        readyAfterMs: ZReadyAfterMsSchema,
      }),
    )
    .min(1)
    .max(COMPONENT_NAMES.length)
    .superRefine((components, context) => {
      const twice = hasDuplicateNames(components);
      if (twice)
        context.addIssue({ code: 'custom', message: `component "${twice}" is listed more than once` });
    }),
});
export type TCheckLateReady = z.infer<typeof ZCheckLateReadySchema>;

/**
 * A finished result. `replayed`: the agent could not deliver it live (made while the dashboard was
 * unreachable, or an earlier attempt went unacknowledged); the dashboard decides `late` from it and
 * from its own receive time (docs/DELIVERY.md).
 */
export const ZCheckFinishedSchema = z.object({
  result: ZCheckResultSchema,
  replayed: z.boolean().default(false),
});
export type TCheckFinished = z.infer<typeof ZCheckFinishedSchema>;

export interface AgentToServerEvents {
  /** `notice`: something the agent's operator should fix, e.g. the host was kept out of its pair. */
  hello: (payload: unknown, ack: (response: TAck<{ hostId: string; notice?: string }>) => void) => void;
  'check:started': (payload: unknown) => void;
  'check:progress': (payload: unknown) => void;
  'check:finished': (
    payload: unknown,
    ack: (response: TAck<{ runId: string; stored: boolean }>) => void,
  ) => void;
  'check:late': (payload: unknown, ack: (response: TAck<{ runId: string; updated: number }>) => void) => void;
}

export interface ServerToAgentEvents {
  'server:error': (error: { code: string; message: string }) => void;
}

export type { TCheckResult };
