import { COMPONENT_NAMES, COMPONENT_STATES, SIP_SERVER_MODES } from '@standby/domain';
import { z } from 'zod';
import type { TAck } from './ack';
import { type TCheckResult, ZCheckResultSchema } from './check-result';

/** Every agent payload is refused above this size (bytes of JSON), before parsing. */
export const MAX_AGENT_PAYLOAD_BYTES = 64 * 1024;

const ZOptionsMap = z.record(z.string().max(80), z.string().max(1_000));

/** Who the agent is and what its SIP Server looks like, sent on every (re)connect. */
export const ZAgentHelloSchema = z.object({
  hostKey: z.string().min(1).max(255),
  hostname: z.string().min(1).max(255),
  application: z.string().min(1).max(255),
  pair: z.string().min(1).max(255).nullable(),
  version: z.string().max(64),
  mode: z.enum(SIP_SERVER_MODES),
  sameHost: z.boolean(),
  configuredOptions: ZOptionsMap,
  effectiveOptions: ZOptionsMap,
  agentVersion: z.string().max(64),
});
export type TAgentHello = z.infer<typeof ZAgentHelloSchema>;

export const ZCheckStartedSchema = z.object({
  runId: z.uuid(),
  startedAt: z.iso.datetime({ offset: true }),
  timeoutSec: z.number().int().min(0).max(3_600),
});
export type TCheckStarted = z.infer<typeof ZCheckStartedSchema>;

export const ZComponentProgressSchema = z.object({
  runId: z.uuid(),
  name: z.enum(COMPONENT_NAMES),
  state: z.enum(COMPONENT_STATES),
  readyAfterMs: z.number().int().nonnegative().nullable(),
});
export type TComponentProgress = z.infer<typeof ZComponentProgressSchema>;

/** A finished result; `replayed` marks one sent from the agent's spool after a disconnect. */
export const ZCheckFinishedSchema = z.object({
  result: ZCheckResultSchema,
  replayed: z.boolean().default(false),
});
export type TCheckFinished = z.infer<typeof ZCheckFinishedSchema>;

export interface AgentToServerEvents {
  hello: (payload: unknown, ack: (response: TAck<{ hostId: string }>) => void) => void;
  'check:started': (payload: unknown) => void;
  'check:progress': (payload: unknown) => void;
  'check:finished': (
    payload: unknown,
    ack: (response: TAck<{ runId: string; stored: boolean }>) => void,
  ) => void;
}

export interface ServerToAgentEvents {
  'server:error': (error: { code: string; message: string }) => void;
}

export type { TCheckResult };
