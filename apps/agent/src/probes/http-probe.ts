import { describeError, type ProbeKind } from './probe';

const REQUEST_TIMEOUT_MS = 1_000;

/** Ready when GET on the URL answers 2xx. */
export const httpProbe: ProbeKind<{ http: string }> = {
  async start({ http }) {
    return {
      read: async () => {
        try {
          const response = await fetch(http, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
          await response.body?.cancel();
          return response.ok
            ? { ready: true, detail: `${http} answered ${response.status}` }
            : { ready: false, detail: `${http} answered ${response.status}` };
        } catch (error) {
          const cause = error instanceof Error && error.cause ? error.cause : error;
          return { ready: false, detail: `${http}: ${describeError(cause)}` };
        }
      },
      close: async () => {},
    };
  },
};
