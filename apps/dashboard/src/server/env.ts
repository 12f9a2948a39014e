import path from 'node:path';
import type { TEnrollLimits } from '@standby/api';
import { DEFAULT_EMBEDDED_DATA_DIR } from '@standby/db';
import { z } from 'zod';
import {
  DEFAULT_METRICS_ALLOW,
  type MetricsAccess,
  MIN_METRICS_TOKEN_LENGTH,
  metricsAllowList,
} from './metrics-route';
import type { TDashboardTlsFiles } from './tls';

const ZEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
    .optional(),
  STANDBY_DATA_DIR: z.string().optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  STANDBY_AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  STANDBY_PUBLIC_URL: z.url().optional(),
  STANDBY_TRUSTED_ORIGINS: z.string().optional(),
  /** Comma-separated addresses of reverse proxies in front of this node. */
  STANDBY_TRUSTED_PROXIES: z.string().optional(),
  /** PEM certificate (leaf first, then intermediates) and its key: the dashboard serves HTTPS itself. */
  STANDBY_TLS_CERT: z.string().min(1).optional(),
  STANDBY_TLS_KEY: z.string().min(1).optional(),
  /** PEM CA bundle: every client must present a certificate it signed (an API-only node for agents). */
  STANDBY_TLS_CLIENT_CA: z.string().min(1).optional(),
  /** `pnpm demo` only: creates demo accounts and writes an enrollment token for the demo fleet. */
  STANDBY_DEMO_ENROLLMENT_TOKEN_FILE: z.string().optional(),
  /** `1`: serve API, sockets and health without the pages (an extra node behind a balancer, tests). */
  STANDBY_API_ONLY: z.enum(['0', '1']).default('0'),
  /** Days of check history to keep (each host's latest run is always kept); 0 keeps everything. */
  STANDBY_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(400),
  /** Seconds after which a node that stopped renewing its lease is dead (its agents marked disconnected). */
  STANDBY_NODE_LEASE_SEC: z.coerce.number().int().min(2).max(3_600).default(30),
  /** Seconds a condition must stay open before its alert is sent (and closed before its resolve): flapping. */
  STANDBY_ALERT_HOLD_DOWN_SEC: z.coerce.number().min(0).max(86_400).default(60),
  /** Attempts per alert notice before it is kept as dead. */
  STANDBY_ALERT_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
  /** First retry delay of a failed notice (doubling each time, up to STANDBY_ALERT_RETRY_MAX_SEC). */
  STANDBY_ALERT_RETRY_BASE_SEC: z.coerce.number().min(0.05).max(3_600).default(5),
  STANDBY_ALERT_RETRY_MAX_SEC: z.coerce.number().min(0.05).max(86_400).default(600),
  /** How long a receiver may take to answer a notice. */
  STANDBY_ALERT_SEND_TIMEOUT_SEC: z.coerce.number().min(0.1).max(300).default(10),
  /** `agent.enroll` attempts per minute from one client address, shared by every node. */
  STANDBY_ENROLL_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /** `agent.enroll` attempts per minute with one enrollment token, shared by every node. */
  STANDBY_ENROLL_LIMIT_PER_TOKEN: z.coerce.number().int().min(1).max(1_000_000).default(3_000),
  /** Comma-separated client addresses or networks allowed to GET /metrics (default loopback); `none`: none. */
  STANDBY_METRICS_ALLOW: z.string().optional(),
  /** Accepted as `Authorization: Bearer …` on /metrics from any address. */
  STANDBY_METRICS_TOKEN: z
    .string()
    .min(MIN_METRICS_TOKEN_LENGTH, `must be at least ${MIN_METRICS_TOKEN_LENGTH} characters`)
    .optional(),
});

export type TDashboardEnv = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  embeddedDataDir: string;
  dev: boolean;
  authSecret: string | undefined;
  publicUrl: string | undefined;
  trustedOrigins: string[];
  trustedProxies: string[];
  /** Checked (both or neither, PEM, matching) when the dashboard starts: tls.ts. */
  tls: TDashboardTlsFiles;
  demoEnrollmentTokenFile: string | undefined;
  serveUi: boolean;
  retentionDays: number;
  nodeLeaseMs: number;
  alerts: {
    holdDownMs: number;
    maxAttempts: number;
    retryBaseMs: number;
    retryMaxMs: number;
    sendTimeoutMs: number;
  };
  enrollLimits: TEnrollLimits;
  metrics: MetricsAccess;
};

/** The one place the dashboard reads its environment. */
export function readDashboardEnv(env: NodeJS.ProcessEnv = process.env): TDashboardEnv {
  const parsed = ZEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    embeddedDataDir: e.STANDBY_DATA_DIR
      ? path.resolve(e.STANDBY_DATA_DIR, 'pgdata')
      : DEFAULT_EMBEDDED_DATA_DIR,
    dev: e.NODE_ENV === 'development',
    authSecret: e.STANDBY_AUTH_SECRET,
    publicUrl: e.STANDBY_PUBLIC_URL,
    trustedOrigins: (e.STANDBY_TRUSTED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    trustedProxies: (e.STANDBY_TRUSTED_PROXIES ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
    tls: { certFile: e.STANDBY_TLS_CERT, keyFile: e.STANDBY_TLS_KEY, clientCaFile: e.STANDBY_TLS_CLIENT_CA },
    demoEnrollmentTokenFile: e.STANDBY_DEMO_ENROLLMENT_TOKEN_FILE,
    serveUi: e.STANDBY_API_ONLY === '0',
    retentionDays: e.STANDBY_RETENTION_DAYS,
    nodeLeaseMs: e.STANDBY_NODE_LEASE_SEC * 1000,
    alerts: {
      holdDownMs: Math.round(e.STANDBY_ALERT_HOLD_DOWN_SEC * 1000),
      maxAttempts: e.STANDBY_ALERT_MAX_ATTEMPTS,
      retryBaseMs: Math.round(e.STANDBY_ALERT_RETRY_BASE_SEC * 1000),
      retryMaxMs: Math.round(e.STANDBY_ALERT_RETRY_MAX_SEC * 1000),
      sendTimeoutMs: Math.round(e.STANDBY_ALERT_SEND_TIMEOUT_SEC * 1000),
    },
    enrollLimits: {
      perAddress: { limit: e.STANDBY_ENROLL_LIMIT_PER_ADDRESS, windowMs: 60_000 },
      perToken: { limit: e.STANDBY_ENROLL_LIMIT_PER_TOKEN, windowMs: 60_000 },
    },
    metrics: {
      allow: metricsAllowFromEnv(e.STANDBY_METRICS_ALLOW),
      token: e.STANDBY_METRICS_TOKEN,
    },
  };
}

/** Unset: loopback only. `none` (or empty): no address, the token alone. Each entry checked here, at start. */
function metricsAllowFromEnv(value: string | undefined): string[] {
  if (value === undefined) return [...DEFAULT_METRICS_ALLOW];
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 1 && entries[0] === 'none') return [];
  metricsAllowList(entries);
  return entries;
}
