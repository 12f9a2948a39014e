import { spawn } from 'node:child_process';
import { open, readFile, stat } from 'node:fs/promises';

const HTTP_TIMEOUT_MS = 1_500;
const COMMAND_TIMEOUT_MS = 5_000;
const MAX_TEXT_BYTES = 1024 * 1024;
/** A log is read from its last 4 MiB at first, then only what is appended. */
const LOG_FIRST_READ_BYTES = 4 * 1024 * 1024;

/** A file's whole content (the role or version file is small; the first MiB is plenty). */
export async function readFileText(file: string): Promise<string | undefined> {
  return readFile(file, 'utf8').then(
    (text) => text.slice(0, MAX_TEXT_BYTES),
    () => undefined,
  );
}

/** The body of GET url (any status: the server answered, its body tells); undefined when unreachable. */
export async function readHttpText(url: string): Promise<string | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
    return (await response.text()).slice(0, MAX_TEXT_BYTES);
  } catch {
    return undefined;
  }
}

/** stdout of `/bin/sh -c command` when it exits 0. */
export function readCommandText(command: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    let out = '';
    const child = spawn('/bin/sh', ['-c', command], {
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: COMMAND_TIMEOUT_MS,
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (out.length < MAX_TEXT_BYTES) out += chunk;
    });
    child.once('error', () => resolve(undefined));
    child.once('close', (code) => resolve(code === 0 ? out : undefined));
  });
}

/**
 * Follows a log: each call returns the complete lines appended since the last call (the first call
 * returns the last 4 MiB's lines). A rotated or truncated log is read again from its start.
 */
export function followLog(file: string): () => Promise<string[] | undefined> {
  let offset: number | undefined;
  let partial = '';
  return async () => {
    const size = await stat(file).then(
      (s) => s.size,
      () => undefined,
    );
    if (size === undefined) return undefined;
    if (offset === undefined) offset = Math.max(0, size - LOG_FIRST_READ_BYTES);
    if (size < offset) {
      offset = 0;
      partial = '';
    }
    if (size === offset) return [];
    const handle = await open(file, 'r');
    try {
      const length = Math.min(size - offset, LOG_FIRST_READ_BYTES);
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      offset += bytesRead;
      const lines = (partial + buffer.subarray(0, bytesRead).toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      return lines;
    } finally {
      await handle.close();
    }
  };
}
