import { access } from 'node:fs/promises';
import type { ProbeKind } from './probe';

/** Ready when the file exists. */
export const fileProbe: ProbeKind<{ file: string }> = {
  async start({ file }) {
    return {
      read: async () =>
        access(file).then(
          () => ({ ready: true, detail: `${file} exists` }),
          () => ({ ready: false, detail: `${file} does not exist` }),
        ),
      close: async () => {},
    };
  },
};
