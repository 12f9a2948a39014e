import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ZAgentConfigSchema } from '@standby/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AgentInstance, startAgent } from './agent-instance';

const until = async (condition: () => boolean, ms: number) => {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return condition();
};

describe('startAgent: the role as observed', () => {
  let dir: string;
  let agent: AgentInstance | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-agent-'));
  });
  afterEach(async () => {
    await agent?.stop();
    agent = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('runs no check while the role is unreadable (said once), and checks as soon as it can be read', async () => {
    const optionsFile = path.join(dir, 'sips.ini');
    await writeFile(optionsFile, '[TServer]\nbackup-init-check = true\nbackup-sip-port-check = false\n');
    for (const f of ['a', 'b', 'c', 'd']) await writeFile(path.join(dir, f), '');
    const role = path.join(dir, 'role');
    const config = ZAgentConfigSchema.parse({
      sipServer: {
        application: 'SIPS_B',
        version: { file: path.join(dir, 'version') },
        mode: { file: role },
        optionsFile,
        components: {
          't-controller': { file: path.join(dir, 'a') },
          'smart-proxy': { file: path.join(dir, 'b') },
          'interaction-proxy': { file: path.join(dir, 'c') },
          'operational-info': { file: path.join(dir, 'd') },
        },
      },
      agent: { intervalSec: 0, status: { file: path.join(dir, 'status.json') } },
    });
    const logged: string[] = [];
    agent = startAgent({ config, log: (line) => logged.push(line) });
    await expect(agent.runCheck('command')).rejects.toThrow(/role cannot be read/);
    await new Promise((r) => setTimeout(r, 2_500));
    expect(agent.lastResult).toBeUndefined();
    expect(logged.filter((line) => /role unreadable/.test(line))).toHaveLength(1);
    expect(JSON.parse(await readFile(path.join(dir, 'status.json'), 'utf8'))).toMatchObject({
      status: 'INITIALIZING',
      mode: 'unknown',
      version: '',
    });

    await writeFile(path.join(dir, 'version'), '8.1.103.72\n');
    await writeFile(role, 'backup\n');
    expect(await until(() => agent?.lastResult !== undefined, 4_000)).toBe(true);
    expect(agent.lastResult).toMatchObject({
      trigger: 'agent-start',
      mode: 'backup',
      version: '8.1.103.72',
      status: 'RUNNING',
    });
    expect(await until(() => logged.some((l) => /agent-start/.test(l)), 1_000)).toBe(true);
    const status = JSON.parse(await readFile(path.join(dir, 'status.json'), 'utf8'));
    expect(status).toMatchObject({ status: 'RUNNING', mode: 'backup', version: '8.1.103.72' });
  });
});
