import { open, stat } from 'node:fs/promises';
import type { ProbeKind } from './probe';

const MAX_READ_BYTES = 4 * 1024 * 1024;

/**
 * At a SIP Server start: ready when a matching line is written after the check started — lines
 * already there belong to an earlier start and prove nothing about this one. For a server already
 * running (interval or on-command checks), a line it already wrote counts (the last 4 MiB are read).
 */
export const logProbe: ProbeKind<{ log: string; match: string }> = {
  async start({ log, match }, { atSipServerStart, logStartOffsets }) {
    const pattern = new RegExp(match);
    const size = await stat(log).then(
      (s) => s.size,
      () => 0,
    );
    const mark = logStartOffsets?.[log];
    // A mark beyond the end: the log was rotated since, and all of the new one is this start's.
    const fromStart = mark === undefined ? size : mark <= size ? mark : 0;
    let offset = atSipServerStart ? fromStart : Math.max(0, size - MAX_READ_BYTES);
    let partialLine = '';
    return {
      read: async () => {
        const size = await stat(log).then(
          (s) => s.size,
          () => undefined,
        );
        if (size === undefined) return { ready: false, detail: `${log} does not exist` };
        if (size < offset) offset = 0; // rotated or truncated: read the new file from its start
        if (size === offset) return { ready: false, detail: `no line matching /${match}/ in ${log} yet` };
        const handle = await open(log, 'r');
        try {
          const length = Math.min(size - offset, MAX_READ_BYTES);
          const buffer = Buffer.alloc(length);
          const { bytesRead } = await handle.read(buffer, 0, length, offset);
          offset += bytesRead;
          const lines = (partialLine + buffer.subarray(0, bytesRead).toString('utf8')).split('\n');
          partialLine = lines.pop() ?? '';
          const hit = lines.find((line) => pattern.test(line));
          return hit
            ? { ready: true, detail: `log: ${hit.trim().slice(0, 200)}` }
            : { ready: false, detail: `no line matching /${match}/ in ${log} yet` };
        } finally {
          await handle.close();
        }
      },
      close: async () => {},
    };
  },
};
