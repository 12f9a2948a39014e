// Child process: simulated agents (each with its own socket) for the ingest load or the option rollout.

import type {
  ConnectedLoadAgent,
  LoadAgentCredential,
  TIngestLoadStats,
  TLoadWindow,
} from '@standby/simulator/load';
import {
  connectLoadAgents,
  type RunningRolloutFleet,
  runIngestLoad,
  startRolloutFleet,
} from '@standby/simulator/load';
import { onStopRequest, reportFailure, tellParent } from './child-lifecycle';
import { createSocketIoConnector } from './socket-io-connector';

export type TLoadRequest =
  | { type: 'connect-ingest'; url: string; agents: LoadAgentCredential[] }
  | { type: 'run-ingest'; window: TLoadWindow }
  | { type: 'start-rollout'; url: string; agents: LoadAgentCredential[]; dir: string };

export type TLoadReply =
  | { type: 'ingest-connected'; agents: number }
  | { type: 'ingest-stats'; stats: TIngestLoadStats; disconnects: number }
  | { type: 'rollout-started'; agents: number };

let disconnects = 0;
const connect = createSocketIoConnector(() => disconnects++);
let ingestAgents: ConnectedLoadAgent[] = [];
let rollout: RunningRolloutFleet | undefined;

onStopRequest(async () => {
  for (const agent of ingestAgents) agent.socket.close();
  rollout?.stop();
});

const reply = (message: TLoadReply) => tellParent(message);

async function handle(request: TLoadRequest): Promise<void> {
  switch (request.type) {
    case 'connect-ingest':
      ingestAgents = await connectLoadAgents(connect, request.url, request.agents);
      return reply({ type: 'ingest-connected', agents: ingestAgents.length });
    case 'run-ingest': {
      const stats = await runIngestLoad(ingestAgents, request.window);
      return reply({ type: 'ingest-stats', stats, disconnects });
    }
    case 'start-rollout':
      rollout = await startRolloutFleet(connect, request.url, request.agents, request.dir, () => {});
      return reply({ type: 'rollout-started', agents: rollout.agents });
  }
}

process.on('message', (message: TLoadRequest | { type: 'stop' }) => {
  if (message.type !== 'stop') handle(message).catch(reportFailure);
});
