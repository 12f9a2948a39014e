import { HOST_STATUSES } from '@standby/domain';
import { z } from 'zod';

/** What the fleet page shows of one host; also the compact live-update payload. */
export const ZHostSummarySchema = z.object({
  id: z.string(),
  hostname: z.string(),
  application: z.string(),
  pair: z.string().nullable(),
  mode: z.string(),
  version: z.string().nullable(),
  status: z.enum(HOST_STATUSES),
  statusSince: z.string().nullable(),
  lastCheckAt: z.string().nullable(),
  connected: z.boolean(),
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
