import path from 'node:path';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './embedded-postgres';
import { applyMigrations } from './migrate';

export interface Database {
  url: string;
  /** Set when this process started its own PostgreSQL. */
  embedded?: EmbeddedDatabase;
  appliedMigrations: string[];
}

export interface OpenDatabaseOptions {
  /** An external server; when absent, an embedded PostgreSQL is started. */
  databaseUrl?: string | undefined;
  /** Where the embedded server keeps its files. */
  embeddedDataDir: string;
  onLog?: (line: string) => void;
  /** Lines for the operator from the embedded server's set-up (console.warn by default). */
  onNotice?: (line: string) => void;
}

export const DEFAULT_EMBEDDED_DATA_DIR = path.resolve(import.meta.dirname, '../../../.standby/pgdata');

/** Connects to DATABASE_URL, or starts the embedded server, then brings the schema up to date. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const embedded = options.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: options.embeddedDataDir,
        ...(options.onLog ? { onLog: options.onLog } : {}),
        ...(options.onNotice ? { onNotice: options.onNotice } : {}),
      });
  const url = options.databaseUrl ?? embedded!.url;
  try {
    const appliedMigrations = await applyMigrations(url);
    return { url, appliedMigrations, ...(embedded ? { embedded } : {}) };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
