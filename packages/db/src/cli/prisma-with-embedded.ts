// Runs a Prisma CLI command against DATABASE_URL or, when unset, a throwaway embedded PostgreSQL,
// so migration authoring works on a machine with nothing installed but Node.
// Usage: tsx src/cli/prisma-with-embedded.ts <prisma args…>
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { makeStandbyTempDir, startEmbeddedPostgres } from '../embedded-postgres';

const args = process.argv.slice(2);
const packageDir = path.resolve(import.meta.dirname, '../..');
let databaseUrl = process.env.DATABASE_URL;
let cleanup = async () => {};
if (!databaseUrl) {
  const dir = await makeStandbyTempDir('standby-prisma-');
  const db = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pgdata') });
  databaseUrl = db.url;
  cleanup = async () => {
    await db.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
const child = spawn('pnpm', ['exec', 'prisma', ...args], {
  cwd: packageDir,
  stdio: 'inherit',
  env: { ...process.env, DATABASE_URL: databaseUrl },
});
const code: number = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
await cleanup();
process.exit(code);
