export { createPrismaClient, type CreatePrismaOptions } from './client.js';
export { type Database, DEFAULT_EMBEDDED_DATA_DIR, type OpenDatabaseOptions, openDatabase } from './database.js';
export { applyMigrations } from './migrate.js';
export { Prisma, PrismaClient } from './generated/prisma/client.js';
export type * from './generated/prisma/models.js';
