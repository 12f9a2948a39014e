export { createPrismaClient, type CreatePrismaOptions } from './client';
export { type Database, DEFAULT_EMBEDDED_DATA_DIR, type OpenDatabaseOptions, openDatabase } from './database';
export { applyMigrations } from './migrate';
export { Prisma, PrismaClient } from './generated/prisma/client';
export type * from './generated/prisma/models';
