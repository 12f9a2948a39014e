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
});

export type TDashboardEnv = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  embeddedDataDir: string;
  dev: boolean;
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
  };
}
