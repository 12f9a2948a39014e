import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { COMPONENT_NAMES } from '@standby/domain';
import {
  AGENT_CREDENTIAL_PREFIX,
  type TAgentHello,
  type TCheckResult,
  wireTransformer,
} from '@standby/protocol';
import { io, type Socket } from 'socket.io-client';

/** The silent agent's promised cadence: silence past 3 × this + the check timeout makes its host unknown. */
export const SILENT_AGENT_INTERVAL_SEC = 10;

const OPTIONS = {
  'backup-init-check': 'true',
  'backup-init-check-timeout': '15',
  'backup-sip-port-check': 'true',
};

/**
 * The demo's "connected but silent" agent: it enrolls, says hello (promising a check every 10 s),
 * reports one passing check, then stays connected and says nothing more — as an agent whose check
 * loop is wedged would. The dashboard shows the host "would serve", then, about 45 s later,
 * "unknown: no data since …" while the agent is still connected.
 */
export async function startSilentAgent(options: {
  dashboardUrl: string;
  enrollmentToken: string;
  hostname: string;
  application: string;
  pair: string;
  /** Where its credential is kept across runs (0600): a restarted demo re-uses it, not re-enrolls. */
  credentialFile: string;
}): Promise<{ stop(): void }> {
  const hostKey = `${options.hostname}/${options.application}`;
  const kept = (await readFile(options.credentialFile, 'utf8').catch(() => '')).trim();
  const credential = kept.startsWith(AGENT_CREDENTIAL_PREFIX)
    ? kept
    : await enroll(options.dashboardUrl, {
        token: options.enrollmentToken,
        hostKey,
        hostname: options.hostname,
        application: options.application,
      });
  if (credential !== kept) {
    await mkdir(path.dirname(options.credentialFile), { recursive: true });
    await writeFile(options.credentialFile, `${credential}\n`, { mode: 0o600 });
  }
  const socket: Socket = io(new URL('/agent', options.dashboardUrl).toString(), {
    transports: ['websocket'],
    auth: { token: credential },
  });
  const startedAt = new Date().toISOString();
  const hello: TAgentHello = {
    hostKey,
    hostname: options.hostname,
    application: options.application,
    pair: options.pair,
    version: '8.1.103.72',
    mode: 'backup',
    sameHost: false,
    configuredOptions: OPTIONS,
    effectiveOptions: OPTIONS,
    agentVersion: 'demo-silent',
    serverStartedAt: startedAt,
    intervalSec: SILENT_AGENT_INTERVAL_SEC,
  };
  let reported = false;
  socket.on('connect', async () => {
    await socket
      .timeout(15_000)
      .emitWithAck('hello', hello)
      .catch(() => undefined);
    if (reported) return;
    reported = true;
    await socket
      .timeout(15_000)
      .emitWithAck('check:finished', { result: passingResult(startedAt), replayed: false })
      .catch(() => undefined);
  });
  return { stop: () => socket.close() };
}

async function enroll(dashboardUrl: string, input: Record<string, string>): Promise<string> {
  const response = await fetch(new URL('/api/trpc/agent.enroll', dashboardUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    // tRPC's wire format (superjson) both ways.
    body: JSON.stringify(wireTransformer.serialize(input)),
  });
  const body = (await response.json()) as {
    result?: { data?: Parameters<typeof wireTransformer.deserialize>[0] };
  };
  const data = body.result?.data
    ? wireTransformer.deserialize<{ credential?: string }>(body.result.data)
    : undefined;
  const credential = data?.credential;
  if (!response.ok || !credential) throw new Error(`silent agent: enrollment refused (${response.status})`);
  return credential;
}

function passingResult(serverStartedAt: string): TCheckResult {
  const finished = Date.now();
  return {
    runId: randomUUID(),
    status: 'RUNNING',
    applicable: true,
    mode: 'backup',
    checkEnabled: true,
    timeoutSec: 15,
    trigger: 'start',
    startedAt: new Date(finished - 2_000).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    durationMs: 2_000,
    components: COMPONENT_NAMES.map((name, index) => ({
      name,
      state: 'ready',
      readyAfterMs: 400 * (index + 1),
      detail: null,
    })),
    portCheck: { state: 'passed', reason: null, port: 5099, address: null },
    findings: [],
    options: OPTIONS,
    configuredOptions: OPTIONS,
    version: '8.1.103.72',
    serverStartedAt,
    reasons: [],
  };
}
