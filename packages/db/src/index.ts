export { type CreatePrismaOptions, createPrismaClient } from './client';
export { type Database, DEFAULT_EMBEDDED_DATA_DIR, type OpenDatabaseOptions, openDatabase } from './database';
export { Prisma, PrismaClient } from './generated/prisma/client';
export type * from './generated/prisma/models';
export { applyMigrations, MIGRATIONS_DIR } from './migrate';
export { createPgPool, type PgPool, type PgQueryable, UTC_SESSION } from './pg-pool';
