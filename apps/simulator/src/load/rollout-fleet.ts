import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
// The real agent's command path: tRPC subscription, on-disk ledger, atomic options-file write, ack.
import { CommandChannel, CommandLedger, createAgentTrpcClient } from '@standby/agent/link';
import { OPTION_SECTION } from '@standby/domain';
import type { ConnectLoadAgentSocket } from './agent-socket';
import { connectAndGreet, type LoadAgentCredential } from './ingest-load';
import { runConcurrently } from './run-concurrently';

export interface RunningRolloutFleet {
  agents: number;
  stop(): void;
}

const START_CONCURRENCY = 50;

/**
 * Many agents that each hold a socket (hello) and a command subscription, and apply option changes
 * exactly as the real agent does: validate, write the options file atomically, record, ack, re-hello.
 * Each gets its own directory with an options file and a state directory under `baseDir`.
 */
export async function startRolloutFleet(
  connect: ConnectLoadAgentSocket,
  dashboardUrl: string,
  agents: readonly LoadAgentCredential[],
  baseDir: string,
  log: (line: string) => void,
): Promise<RunningRolloutFleet> {
  const stops: (() => void)[] = [];
  const stopAll = () => {
    for (const stop of stops.splice(0)) stop();
  };
  try {
    await runConcurrently(agents, START_CONCURRENCY, async (agent, index) => {
      const dir = path.join(baseDir, `agent-${index}`);
      await mkdir(dir, { recursive: true });
      const optionsFile = path.join(dir, 'sip-server.ini');
      const lines = Object.entries(agent.hello.configuredOptions).map(([key, value]) => `${key} = ${value}`);
      await writeFile(
        optionsFile,
        ['# simulated SIP Server options', `[${OPTION_SECTION}]`, ...lines, ''].join('\n'),
      );

      const { socket } = await connectAndGreet(connect, dashboardUrl, agent);
      stops.push(() => socket.close());
      const channel = new CommandChannel(
        createAgentTrpcClient(dashboardUrl, agent.credential),
        await CommandLedger.open(path.join(dir, 'state')),
        {
          optionsFile,
          runCheck: async () => undefined,
          log: (line) => log(`[${agent.hello.hostKey}] ${line}`),
        },
      );
      channel.start();
      stops.push(() => channel.close());
    });
  } catch (error) {
    stopAll();
    throw error;
  }
  return { agents: agents.length, stop: stopAll };
}
