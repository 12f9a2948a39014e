import path from 'node:path';
import { DEFAULT_EMBEDDED_DATA_DIR } from '@standby/db';
import { z } from 'zod';

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
  };
}
