import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';
import { UTC_SESSION } from './pg-pool';

export interface CreatePrismaOptions {
  /** Pool size; the default suits one dashboard node. */
  maxConnections?: number;
}

/** The one way the project makes a Prisma client: Rust-free, through the `pg` driver adapter. */
export function createPrismaClient(databaseUrl: string, options: CreatePrismaOptions = {}): PrismaClient {
  // A dropped connection (database restarting, shutting down) is the next query's error to report;
  // unhandled here it would be an uncaught exception that kills the process.
  const ignore = () => {};
  const adapter = new PrismaPg(
    { connectionString: databaseUrl, max: options.maxConnections ?? 20, options: UTC_SESSION },
    { onPoolError: ignore, onConnectionError: ignore },
  );
  return new PrismaClient({ adapter });
}

export type { PrismaClient };
