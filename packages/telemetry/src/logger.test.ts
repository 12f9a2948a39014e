import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, logSettingsFromEnv } from './logger';

function capture(format: 'json' | 'pretty' = 'json') {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  const logger = createLogger({ name: 'test', format, level: 'debug', destination: stream });
  return { logger, text: () => chunks.join('') };
}

const AGENT_CREDENTIAL = `sba_${'A'.repeat(43)}`;
const API_TOKEN = `sbt_${'b'.repeat(43)}`;

describe('process logger', () => {
  it('writes one JSON object per line with the process name and the child context', () => {
    const { logger, text } = capture();
    logger.child({ agentId: 'agent-1', hostId: 'host-1' }).info('hello stored');
    const line = JSON.parse(text().trim()) as Record<string, unknown>;
    expect(line).toMatchObject({
      name: 'test',
      agentId: 'agent-1',
      hostId: 'host-1',
      msg: 'hello stored',
      level: 30,
    });
  });

  it('censors secret fields by name, at any of the first three levels and in request headers', () => {
    const { logger, text } = capture();
    logger.info(
      {
        password: 'hunter2-hunter2',
        user: { token: API_TOKEN },
        channel: { config: { secret: 'webhook-signing-secret' } },
        req: {
          headers: {
            authorization: `Bearer ${AGENT_CREDENTIAL}`,
            cookie: 'better-auth.session_token=abc.def',
          },
        },
      },
      'fields',
    );
    const out = text();
    for (const secret of [
      'hunter2-hunter2',
      API_TOKEN,
      'webhook-signing-secret',
      AGENT_CREDENTIAL,
      'abc.def',
    ])
      expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
  });

  it('masks credentials, bearer values, session cookies and URL passwords inside messages and errors', () => {
    const { logger, text } = capture();
    logger.warn(`enroll failed for ${AGENT_CREDENTIAL} with Authorization: Bearer ${API_TOKEN}`);
    logger.error(
      { err: new Error(`could not reach postgresql://postgres:s3cr3t-pass@127.0.0.1:5432/standby`) },
      'database down',
    );
    logger.info('cookie better-auth.session_token=tok123.sig456; path=/');
    const out = text();
    for (const secret of [AGENT_CREDENTIAL, API_TOKEN, 's3cr3t-pass', 'tok123.sig456'])
      expect(out).not.toContain(secret);
    expect(out).toContain('127.0.0.1:5432/standby');
  });

  it('pretty format masks the same way', () => {
    const { logger, text } = capture('pretty');
    logger.info({ token: API_TOKEN }, `agent ${AGENT_CREDENTIAL} connected`);
    const out = text();
    expect(out).toContain('connected');
    expect(out).not.toContain(API_TOKEN);
    expect(out).not.toContain(AGENT_CREDENTIAL);
  });

  it('refuses an unknown format or level by name', () => {
    expect(() => logSettingsFromEnv({ STANDBY_LOG_FORMAT: 'xml' })).toThrow(/STANDBY_LOG_FORMAT: "xml"/);
    expect(() => logSettingsFromEnv({ STANDBY_LOG_LEVEL: 'loud' })).toThrow(/STANDBY_LOG_LEVEL: "loud"/);
    expect(logSettingsFromEnv({})).toEqual({ format: 'json', level: 'info' });
  });
});
