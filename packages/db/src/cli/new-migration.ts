// Writes a new migration from the difference between schema.prisma and the schema the last
// migration produced (kept beside it as schema.snapshot.prisma): `pnpm db:migrate:new <name>`.
// Prisma's own `migrate dev --create-only` needs its native engine's shadow database, which the
// WASM engine used here (see schema-engine/) does not provide; a schema-to-schema diff works.
import { spawn } from 'node:child_process';
import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MIGRATIONS_DIR } from '../migrate';

const SNAPSHOT = 'schema.snapshot.prisma';
const SCHEMA = path.resolve(MIGRATIONS_DIR, '../schema.prisma');

const name = process.argv[2] ?? '';
if (!/^[a-z0-9_]{1,60}$/.test(name)) {
  console.error('usage: pnpm db:migrate:new <name>   (name: lowercase letters, digits and _ only)');
  process.exit(2);
}

const migrations = (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const latest = migrations.at(-1);
if (!latest) throw new Error(`no migration in ${MIGRATIONS_DIR} to start from`);

const sql = await prisma([
  'migrate',
  'diff',
  '--from-schema',
  path.join(MIGRATIONS_DIR, latest, SNAPSHOT),
  '--to-schema',
  SCHEMA,
  '--script',
]);
if (!sql.trim() || /^-- This is an empty migration\.\s*$/.test(sql.trim())) {
  console.log(`schema.prisma matches the migrations (up to ${latest}): nothing to write.`);
} else {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const target = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
  await mkdir(target);
  await writeFile(path.join(target, 'migration.sql'), sql);
  await copyFile(SCHEMA, path.join(target, SNAPSHOT));
  console.log(
    `wrote ${path.relative(process.cwd(), target)}/migration.sql — review it, then commit both files.`,
  );
}

/** Runs the Prisma CLI through the embedded-PostgreSQL wrapper (the engine wants a database to talk to). */
function prisma(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('pnpm', ['exec', 'tsx', 'src/cli/prisma-with-embedded.ts', ...args], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`prisma ${args[0]} exited ${code}`)),
    );
  });
}
