import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../fs/atomic-write';

/**
 * The options a SIP Server instance started with, captured when the agent saw it start. Kept in
 * stateDir so an agent restart while the same instance runs still knows them.
 */
export const ZServerCaptureSchema = z.object({
  /** The instance's identity from start detection (listening socket, pid@start time); null: unknown. */
  instance: z.string().nullable(),
  /** When the instance started (as the agent saw it), null when the agent cannot tell. */
  startedAt: z.iso.datetime({ offset: true }).nullable(),
  /** The options file's [TServer] section at that start. */
  options: z.record(z.string(), z.string()),
});
export type TServerCapture = z.infer<typeof ZServerCaptureSchema>;

const FILE_NAME = 'server-instance.json';

export async function loadServerCapture(stateDir: string): Promise<TServerCapture | undefined> {
  const text = await readFile(path.join(stateDir, FILE_NAME), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = ZServerCaptureSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function saveServerCapture(stateDir: string, capture: TServerCapture): Promise<void> {
  await mkdir(stateDir, { recursive: true });
  await writeFileAtomic(path.join(stateDir, FILE_NAME), `${JSON.stringify(capture, null, 2)}\n`);
}
