import { readFile } from 'node:fs/promises';
import { AGENT_CREDENTIAL_PREFIX, ENROLLMENT_TOKEN_PREFIX } from '@standby/protocol';
import { ConfigError } from '../errors';
import { writeFileAtomic } from '../fs/atomic-write';
import { createAgentTrpcClient } from './agent-trpc-client';

export interface HostIdentity {
  hostKey: string;
  hostname: string;
  application: string;
}

/**
 * Returns the agent's own credential. On first run the token file holds an enrollment token from
 * an admin: the agent exchanges it once and replaces the file's content with the credential,
 * atomically and readable by its owner only (0600), so the single-use token is never needed again.
 */
export async function obtainAgentCredential(
  dashboardUrl: string,
  tokenFile: string,
  host: HostIdentity,
  log: (line: string) => void,
): Promise<{ credential: string; enrolledNow: boolean }> {
  const content = (
    await readFile(tokenFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new ConfigError(`token file ${tokenFile}: cannot read it (${error.code ?? error.message})`);
    })
  ).trim();
  if (content.startsWith(AGENT_CREDENTIAL_PREFIX)) return { credential: content, enrolledNow: false };
  if (!content.startsWith(ENROLLMENT_TOKEN_PREFIX)) {
    throw new ConfigError(
      `token file ${tokenFile}: expected an enrollment token (sbe_…) or an agent credential (sba_…)`,
    );
  }
  const client = createAgentTrpcClient(dashboardUrl, undefined);
  const { credential } = await client.agent.enroll.mutate({ token: content, ...host });
  await writeFileAtomic(tokenFile, `${credential}\n`, { mode: 0o600 });
  log(`enrolled with the dashboard; credential stored in ${tokenFile}`);
  return { credential, enrolledNow: true };
}
