#!/usr/bin/env node
// A stand-in for Prisma's native schema engine, which the Prisma CLI downloads from a host that
// air-gapped machines (and ours) cannot reach. It speaks the same JSON-RPC-over-stdio protocol the
// CLI uses with the native binary and delegates every method to the official WASM build of the
// schema engine (@prisma/schema-engine-wasm), connected through the `pg` driver adapter.
// prisma.config.ts points PRISMA_SCHEMA_ENGINE_BINARY here.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';

const require = createRequire(import.meta.url);

function parseArgs(argv) {
  const datamodels = [];
  let datasource;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--version' || arg === '-V') return { version: true };
    if (arg === '--datamodels') datamodels.push(argv[++i]);
    else if (arg === '--datasource') datasource = JSON.parse(argv[++i]);
    else if (arg === '--enabled-preview-features' || arg === '--extension-types') i++;
    else if (arg === 'cli') return { datamodels, datasource, cliCommand: argv[i + 1] };
  }
  return { datamodels, datasource };
}

// pg lets `connectionString` override `database`, so the adapter's shadow database would silently
// be the main one. Give pg discrete fields instead.
function pgConfigFromUrl(url) {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname) || u.searchParams.get('host') || 'localhost',
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
  };
}

async function loadWasmEngine() {
  const pkgDir = path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
  const bg = await import(path.join(pkgDir, 'schema_engine_bg.js'));
  const bytes = await readFile(path.join(pkgDir, 'schema_engine_bg.wasm'));
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bg });
  bg.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start?.();
  return bg;
}

async function createAdapter(datasource) {
  const { PrismaPg } = await import('@prisma/adapter-pg');
  const { bindMigrationAwareSqlAdapterFactory } = await import('@prisma/driver-adapter-utils');
  const url = datasource?.url ?? process.env.DATABASE_URL;
  if (!url) return undefined;
  const config = pgConfigFromUrl(url);
  const factory = new PrismaPg(config);
  const connect = factory.connect.bind(factory);
  factory.connect = async () => acceptCharColumns(await connect());
  factory.connectToShadowDb = datasource?.shadowDatabaseUrl
    ? async () =>
        acceptCharColumns(await new PrismaPg(pgConfigFromUrl(datasource.shadowDatabaseUrl)).connect())
    : async () => acceptCharColumns(await connectToTemporaryShadowDb(PrismaPg, config));
  return bindMigrationAwareSqlAdapterFactory(factory);
}

// The engine's introspection reads PostgreSQL's internal one-byte `"char"` columns (oid 18), which
// the pg adapter rejects as unsupported; they are plain strings, so present them as text (oid 25).
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
function acceptCharColumns(queryable) {
  const performIO = queryable.performIO.bind(queryable);
  queryable.performIO = async (...args) => {
    const result = await performIO(...args);
    for (const field of result.fields ?? [])
      if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    return result;
  };
  if (typeof queryable.startTransaction === 'function') {
    const startTransaction = queryable.startTransaction.bind(queryable);
    queryable.startTransaction = async (...args) => acceptCharColumns(await startTransaction(...args));
  }
  return queryable;
}

// The adapter's own shadow database is dropped while its pool still holds a connection, which
// PostgreSQL refuses; create and drop it ourselves, closing the pool first.
async function connectToTemporaryShadowDb(PrismaPg, config) {
  const { default: pg } = await import('pg');
  const database = `prisma_migrate_shadow_db_${crypto.randomUUID()}`;
  const admin = new pg.Client(config);
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  const adapter = await new PrismaPg({ ...config, database }).connect();
  const dispose = adapter.dispose.bind(adapter);
  adapter.dispose = async () => {
    await dispose();
    const cleaner = new pg.Client(config);
    await cleaner.connect();
    await cleaner.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await cleaner.end();
  };
  return adapter;
}

function writeMessage(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

function logLine(level, message) {
  process.stderr.write(
    `${JSON.stringify({ timestamp: new Date().toISOString(), level, fields: { message } })}\n`,
  );
}

// `schema-engine … cli <command>`: one-shot database commands the CLI runs before starting the
// JSON-RPC session. Failures go to stderr as JSON log lines after one leading line, as the CLI
// parses them (it skips the first line).
async function runCliCommand(command, datasource) {
  const { default: pg } = await import('pg');
  const config = pgConfigFromUrl(datasource?.url ?? process.env.DATABASE_URL ?? '');
  const fail = (code, message) => {
    process.stderr.write('schema-engine-cli error\n');
    process.stderr.write(
      `${JSON.stringify({ level: 'ERROR', target: 'schema_engine::logger', fields: { error_code: code, message } })}\n`,
    );
    process.exit(1);
  };
  const withClient = async (database, work) => {
    const client = new pg.Client({ ...config, database });
    try {
      await client.connect();
    } catch (error) {
      if (error.code === '3D000') fail('P1003', `Database \`${database}\` does not exist`);
      fail('P1001', `Can't reach database server at \`${config.host}:${config.port}\`: ${error.message}`);
    }
    try {
      await work(client);
    } finally {
      await client.end();
    }
  };
  const quoted = `"${config.database.replaceAll('"', '""')}"`;
  if (command === 'can-connect-to-database') await withClient(config.database, async () => {});
  else if (command === 'create-database')
    await withClient('postgres', (c) => c.query(`CREATE DATABASE ${quoted}`));
  else if (command === 'drop-database')
    await withClient('postgres', (c) => c.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`));
  else fail('P1000', `Unsupported schema engine cli command: ${command}`);
}

async function main() {
  if (process.env.STANDBY_SCHEMA_ENGINE_TRACE) logLine('INFO', `argv: ${process.argv.slice(2).join(' ')}`);
  const args = parseArgs(process.argv.slice(2));
  if (args.cliCommand) return runCliCommand(args.cliCommand, args.datasource);
  const bg = await loadWasmEngine();
  if (args.version) {
    process.stdout.write(`schema-engine-cli ${bg.version()}\n`);
    return;
  }
  const datamodels = await Promise.all(
    args.datamodels.map(async (file) => [file, await readFile(file, 'utf8')]),
  );
  const adapter = await createAdapter(args.datasource);
  const engine = await bg.SchemaEngine.new(
    { datamodels: datamodels.length ? datamodels : undefined },
    (log) => logLine('INFO', String(log)),
    adapter ?? {},
  );

  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  // Requests are served one at a time, in order, as the native engine does.
  for await (const line of lines) {
    if (!line.trim()) continue;
    if (process.env.STANDBY_SCHEMA_ENGINE_TRACE) logLine('INFO', `request: ${line.slice(0, 300)}`);
    const request = JSON.parse(line);
    if (request.id === undefined || request.method === undefined) continue;
    try {
      const method = engine[request.method];
      if (typeof method !== 'function')
        throw new Error(`Unsupported schema engine method: ${request.method}`);
      const result = await method.call(engine, request.params ?? {});
      // The native CLI build prints diffs through a `print` request to the caller instead of
      // returning them; the WASM build returns them. Translate, so `migrate diff` prints.
      if (result && typeof result.stdout === 'string') {
        writeMessage({
          jsonrpc: '2.0',
          id: `print-${request.id}`,
          method: 'print',
          params: { content: result.stdout },
        });
        result.stdout = null;
      }
      writeMessage({ jsonrpc: '2.0', id: request.id, result: result ?? {} });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const errorCode = error && typeof error === 'object' && 'code' in error ? error.code : undefined;
      writeMessage({
        jsonrpc: '2.0',
        id: request.id,
        error: {
          code: 4466,
          message: 'An error happened.',
          data: { is_panic: false, message, error_code: errorCode },
        },
      });
    }
  }
}

main().catch((error) => {
  logLine('ERROR', error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
