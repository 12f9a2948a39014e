import { createHash } from 'node:crypto';
import { readFile, unlink } from 'node:fs/promises';
import {
  AGENT_CREDENTIAL_PATTERN,
  AGENT_CREDENTIAL_PREFIX,
  ENROLLMENT_TOKEN_PREFIX,
  errorCodeOf,
  newAgentCredential,
} from '@standby/protocol';
import { ConfigError } from '../errors';
import { writeFileAtomic } from '../fs/atomic-write';
import { createAgentTrpcClient } from './agent-trpc-client';
import type { DashboardTls } from './dashboard-tls';

export interface HostIdentity {
  hostKey: string;
  hostname: string;
  application: string;
}

/** Where the credential made for an enrollment waits until the dashboard's answer arrives. */
export const pendingCredentialFile = (tokenFile: string): string => `${tokenFile}.enrolling`;

/**
 * Returns the agent's own credential. On first run the token file holds an enrollment token from
 * an admin. The agent makes its credential itself and keeps it (0600, atomically) in a pending file
 * beside the token file *before* asking the dashboard, then sends it with the token. So an answer
 * that is lost after the dashboard committed is harmless: the retry — after a restart too — sends
 * the same credential and the dashboard answers the same enrollment again, spending no second use.
 * Once answered, the token file's content is replaced with the credential (0600) and the pending
 * file removed. A pending credential belongs to one token: a new token gets a new credential.
 */
export async function obtainAgentCredential(
  dashboardUrl: string,
  tokenFile: string,
  host: HostIdentity,
  log: (line: string) => void,
  tls?: DashboardTls,
): Promise<{ credential: string; enrolledNow: boolean }> {
  const content = (
    await readFile(tokenFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new ConfigError(`token file ${tokenFile}: cannot read it (${error.code ?? error.message})`);
    })
  ).trim();
  const pendingFile = pendingCredentialFile(tokenFile);
  if (content.startsWith(AGENT_CREDENTIAL_PREFIX)) {
    // Left over by a stop between storing the credential and removing the pending file.
    await removePending(pendingFile);
    return { credential: content, enrolledNow: false };
  }
  if (!content.startsWith(ENROLLMENT_TOKEN_PREFIX)) {
    throw new ConfigError(
      `token file ${tokenFile}: expected an enrollment token (sbe_…) or an agent credential (sba_…)`,
    );
  }
  const pending = await pendingCredential(pendingFile, content);
  const client = createAgentTrpcClient(dashboardUrl, undefined, tls);
  let credential: string;
  try {
    ({ credential } = await client.agent.enroll.mutate({ token: content, ...host, credential: pending }));
  } catch (error) {
    // A refusal means the dashboard holds no live enrollment with this credential (a committed one
    // is answered, not refused): when it was revoked meanwhile, only a new one can enroll again.
    if (errorCodeOf(error) === 'FORBIDDEN') await removePending(pendingFile);
    throw error;
  }
  await writeFileAtomic(tokenFile, `${credential}\n`, { mode: 0o600 });
  await removePending(pendingFile);
  log(`enrolled with the dashboard; credential stored in ${tokenFile}`);
  return { credential, enrolledNow: true };
}

const fingerprint = (token: string): string => createHash('sha256').update(token).digest('hex');

/** The credential kept for this token, or a new one, stored durably before it is ever sent. */
async function pendingCredential(pendingFile: string, token: string): Promise<string> {
  const kept = await readFile(pendingFile, 'utf8').then(
    (text) => {
      try {
        return JSON.parse(text) as { token?: unknown; credential?: unknown };
      } catch {
        return null; // unreadable: replaced below (it was never sent without being complete)
      }
    },
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw new ConfigError(
        `pending credential ${pendingFile}: cannot read it (${error.code ?? error.message})`,
      );
    },
  );
  if (
    kept?.token === fingerprint(token) &&
    typeof kept.credential === 'string' &&
    AGENT_CREDENTIAL_PATTERN.test(kept.credential)
  ) {
    return kept.credential;
  }
  const credential = newAgentCredential();
  await writeFileAtomic(pendingFile, `${JSON.stringify({ token: fingerprint(token), credential })}\n`, {
    mode: 0o600,
  });
  return credential;
}

async function removePending(pendingFile: string): Promise<void> {
  await unlink(pendingFile).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}
