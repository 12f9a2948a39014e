import { HOST_STATUSES, HOST_VERDICTS, VERDICT_CAUSES } from '@standby/domain';
import { z } from 'zod';

/** A check in progress on a host (shared by every dashboard node through the database). */
export const ZCheckingSchema = z.object({
  runId: z.string(),
  startedAt: z.string(),
  trigger: z.string(),
  /** A start check: the SIP Server reports INITIALIZING. A re-check keeps the last verdict. */
  atStart: z.boolean(),
});
export type TChecking = z.infer<typeof ZCheckingSchema>;

/** What the fleet page shows of one host; also the compact live-update payload. */
export const ZHostSummarySchema = z.object({
  id: z.string(),
  hostname: z.string(),
  application: z.string(),
  pair: z.string().nullable(),
  mode: z.string(),
  version: z.string().nullable(),
  /** What the SIP Server reports to its management layer (UNKNOWN when the dashboard cannot tell). */
  status: z.enum(HOST_STATUSES),
  statusSince: z.string().nullable(),
  /** The fleet's answer: would it serve if promoted now? One evaluation, stored with the host. */
  verdict: z.enum(HOST_VERDICTS),
  verdictCause: z.enum(VERDICT_CAUSES),
  /** Why, in a few words (e.g. "Interaction Proxy not ready within 15 s"). */
  verdictReason: z.string(),
  verdictSince: z.string().nullable(),
  checking: ZCheckingSchema.nullable(),
  lastCheckAt: z.string().nullable(),
  connected: z.boolean(),
  /** Primary and backup run on this one host (the SIP port check cannot work there). */
  sameHost: z.boolean(),
  pendingRestart: z.boolean(),
  findings: z.object({ critical: z.number(), warning: z.number(), info: z.number() }),
});
export type THostSummary = z.infer<typeof ZHostSummarySchema>;

export interface ServerToBrowserEvents {
  /** Coalesced changes to hosts since the previous delta (fleet room: every signed-in browser). */
  'fleet:delta': (delta: { hosts: THostSummary[] }) => void;
  /** A watched host changed (new result, status, connection): refetch its detail. Coalesced too. */
  'host:changed': (change: { hostId: string; summary: THostSummary }) => void;
}

export interface BrowserToServerEvents {
  /** Join the host's room (host page open); at most MAX_WATCHED_HOSTS per socket. */
  'watch:host': (hostId: unknown) => void;
  'unwatch:host': (hostId: unknown) => void;
}

export const LIVE_FLEET_ROOM = 'fleet';
export const MAX_WATCHED_HOSTS = 50;
export const hostRoom = (hostId: string): string => `host:${hostId}`;
