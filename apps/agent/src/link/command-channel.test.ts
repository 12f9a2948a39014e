import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TRPCClientError } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentTrpcClient } from './agent-trpc-client';
import { CommandChannel } from './command-channel';
import { CommandLedger } from './command-ledger';

/** A failed call as the agent's tRPC client reports it: the dashboard's app code in `data.code`. */
function refusal(code: string, message: string) {
  return TRPCClientError.from({ error: { message, code: -32600, data: { code, httpStatus: 400 } } });
}

/** A client whose stream delivers one run-check command and whose ack call gives `answers` in turn. */
function fakeClient(answers: unknown[], attempts: string[]): AgentTrpcClient {
  return {
    agent: {
      ackCommand: {
        mutate: async (ack: { commandId: string }) => {
          attempts.push(ack.commandId);
          const answer = answers.shift();
          if (answer instanceof Error) throw answer;
          return answer ?? { state: 'done', duplicate: false };
        },
      },
      commands: {
        subscribe: (_input: undefined, handlers: { onData(envelope: { data: unknown }): void }) => {
          handlers.onData({ data: { kind: 'run-check', commandId: '42', actor: null } });
          return { unsubscribe: () => {} };
        },
      },
    },
  } as unknown as AgentTrpcClient;
}

describe('command channel: the dashboard refusal it acts on is told by its code', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-channel-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function run(answers: unknown[]) {
    const attempts: string[] = [];
    const logs: string[] = [];
    const channel = new CommandChannel(fakeClient(answers, attempts), await CommandLedger.open(dir), {
      optionsFile: path.join(dir, 'none.cfg'),
      runCheck: async () => {},
      log: (line) => logs.push(line),
    });
    channel.start();
    return { attempts, logs, channel };
  }

  it('stops retrying an ack the dashboard answers NOT_FOUND, whatever the words', async () => {
    const { attempts, logs, channel } = await run([refusal('NOT_FOUND', 'no such thing')]);
    try {
      await vi.waitFor(() => expect(attempts).toEqual(['42']));
      await new Promise((resolve) => setTimeout(resolve, 600)); // a retry would come after 250 ms
      expect(attempts).toEqual(['42']);
      expect(logs.filter((line) => line.includes('not delivered'))).toEqual([]);
    } finally {
      channel.close();
    }
  });

  it('retries an ack refused with another code, even if its words are the old "not a command for this host"', async () => {
    const { attempts, logs, channel } = await run([
      refusal('INTERNAL', 'command 42 is not a command for this host'),
    ]);
    try {
      await vi.waitFor(() => expect(attempts).toEqual(['42', '42']));
      expect(logs).toContainEqual(expect.stringMatching(/^ack of command 42 not delivered yet/));
    } finally {
      channel.close();
    }
  });
});
