import type { PgPool } from '@standby/db';

/** How the alert workers pace themselves; every node of a cluster should use the same values. */
export interface TAlertSettings {
  /** A condition must stay open this long before its trigger is sent (and closed this long before its resolve). */
  holdDownMs: number;
  /** Attempts per notice before it is kept as dead. */
  maxAttempts: number;
  /** The first retry's delay; each next one doubles, up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** How long a receiver may take to answer. */
  sendTimeoutMs: number;
  /**
   * How long a claimed notice stays this node's: past it, another node sends it again (same delivery
   * key). Longer than sendTimeoutMs, so a live node always confirms first.
   */
  leaseMs: number;
  /** Base of the links in notices (STANDBY_PUBLIC_URL). */
  publicUrl: string;
}

export const DEFAULT_ALERT_SETTINGS: Omit<TAlertSettings, 'publicUrl'> = {
  holdDownMs: 60_000,
  maxAttempts: 10,
  retryBaseMs: 5_000,
  retryMaxMs: 10 * 60_000,
  sendTimeoutMs: 10_000,
  leaseMs: 60_000,
};

/** Settings with the lease kept above the send timeout whatever was asked. */
export function alertSettings(settings: Partial<TAlertSettings> & { publicUrl: string }): TAlertSettings {
  const given = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
  const merged = { ...DEFAULT_ALERT_SETTINGS, ...given } as TAlertSettings;
  return { ...merged, leaseMs: Math.max(merged.leaseMs, merged.sendTimeoutMs + 5_000) };
}

/** The delay before attempt `attempts + 1`: exponential, capped, with a little jitter; a receiver's Retry-After wins. */
export function retryDelayMs(settings: TAlertSettings, attempts: number, retryAfterMs?: number): number {
  const exponential = Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** Math.max(0, attempts - 1));
  const jittered = Math.round(exponential * (1 + Math.random() * 0.1));
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** What every worker step takes. */
export interface TAlertWorkerContext {
  pool: PgPool;
  nodeId: string;
  settings: TAlertSettings;
}

let publicUrlOfThisNode = 'http://localhost:3000';

/** The base of links in notices sent from API calls (the channel test): set by the dashboard at start. */
export function setAlertPublicUrl(url: string): void {
  publicUrlOfThisNode = url;
}

export function alertPublicUrl(): string {
  return publicUrlOfThisNode;
}
