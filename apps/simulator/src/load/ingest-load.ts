import { ackError, type TAck, type TAgentHello } from '@standby/protocol';
import type { ConnectLoadAgentSocket } from './agent-socket';
import {
  ACK_TIMEOUT_MS,
  type ConnectedLoadAgent,
  type LoadRecorder,
  runClosedLoop,
} from './closed-loop-agent';
import type { TIngestLoadStats, TLoadWindow } from './load-stats';
import { runConcurrently } from './run-concurrently';

export interface LoadAgentCredential {
  credential: string;
  hello: TAgentHello;
}

/** Connections opened at once: enough to be quick, few enough not to time out the dashboard's handshakes. */
const CONNECT_CONCURRENCY = 50;

/** Connects every agent (each its own socket) and says hello, as a real agent does on connect. */
export async function connectLoadAgents(
  connect: ConnectLoadAgentSocket,
  dashboardUrl: string,
  agents: readonly LoadAgentCredential[],
): Promise<ConnectedLoadAgent[]> {
  const connected: ConnectedLoadAgent[] = [];
  try {
    await runConcurrently(agents, CONNECT_CONCURRENCY, async (agent) => {
      connected.push(await connectAndGreet(connect, dashboardUrl, agent));
    });
  } catch (error) {
    for (const agent of connected) agent.socket.close();
    throw error;
  }
  return connected;
}

/** One agent's connection, greeted with its hello (the server then knows its host's options). */
export async function connectAndGreet(
  connect: ConnectLoadAgentSocket,
  dashboardUrl: string,
  agent: LoadAgentCredential,
): Promise<ConnectedLoadAgent> {
  const socket = await connect(dashboardUrl, agent.credential);
  const ack = (await socket
    .request('hello', agent.hello, ACK_TIMEOUT_MS)
    .catch((error: Error) => ackError('INTERNAL', error.message))) as TAck<{ hostId: string }>;
  if (!ack.ok) {
    socket.close();
    throw new Error(`hello of ${agent.hello.hostKey} refused: ${ack.error.message}`);
  }
  return { hostId: ack.data.hostId, socket };
}

/** Runs every connected agent's closed loop through the window; resolves once the last ack is in. */
export async function runIngestLoad(
  agents: readonly ConnectedLoadAgent[],
  window: TLoadWindow,
): Promise<TIngestLoadStats> {
  const recorder: LoadRecorder = {
    sent: 0,
    ackedInWindow: 0,
    failures: 0,
    failureSamples: [],
    ackLatenciesMs: [],
    emitsByHost: new Map(),
  };
  await Promise.all(agents.map((agent, index) => runClosedLoop(agent, window, recorder, index)));
  return {
    agents: agents.length,
    sent: recorder.sent,
    ackedInWindow: recorder.ackedInWindow,
    failures: recorder.failures,
    failureSamples: recorder.failureSamples,
    ackLatenciesMs: recorder.ackLatenciesMs,
    emits: [...recorder.emitsByHost.values()],
  };
}
