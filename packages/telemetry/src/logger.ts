import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { maskSecrets, REDACT_PATHS, REDACTED } from './redact';

export type { Logger } from 'pino';

export type TLogFormat = 'json' | 'pretty';

export interface CreateLoggerOptions {
  /** The process: `dashboard`, `agent`, `simulator`… (the `name` field of every line). */
  name: string;
  /** Default from STANDBY_LOG_FORMAT, else json (log pipelines); the demo sets pretty. */
  format?: TLogFormat;
  /** Default from STANDBY_LOG_LEVEL, else info. */
  level?: string;
  /** Where lines go (tests pass a stream); default stdout. */
  destination?: NodeJS.WritableStream;
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads the format and level from the environment, refusing unknown values by name. */
export function logSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): {
  format: TLogFormat;
  level: string;
} {
  const format = env.STANDBY_LOG_FORMAT ?? 'json';
  if (format !== 'json' && format !== 'pretty')
    throw new Error(`STANDBY_LOG_FORMAT: "${format}" is not one of json, pretty`);
  const level = env.STANDBY_LOG_LEVEL ?? 'info';
  if (!LEVELS.includes(level))
    throw new Error(`STANDBY_LOG_LEVEL: "${level}" is not one of ${LEVELS.join(', ')}`);
  return { format, level };
}

/**
 * The one logger of a process. Children carry context (`logger.child({ agentId, hostId })`). Secrets
 * are censored by key and masked in messages and error texts, whatever the caller passed.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const fromEnv = logSettingsFromEnv();
  const format = options.format ?? fromEnv.format;
  const destination =
    format === 'pretty'
      ? pretty({
          colorize: false,
          translateTime: 'HH:MM:ss.l',
          ignore: 'pid,hostname,name,application',
          // The process and the SIP Server application (the demo fleet runs many agents in one process).
          messageFormat: '{name}{if application} [{application}]{end} {msg}',
          destination: options.destination ?? 1,
          sync: true,
        })
      : (options.destination ?? pino.destination({ dest: 1, sync: true }));
  return pino(
    {
      name: options.name,
      level: options.level ?? fromEnv.level,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: { err: serializeError, error: serializeError },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((arg) => (typeof arg === 'string' ? maskSecrets(arg) : arg));
          method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

/** An error as a log field: type, message and stack, each with secrets masked. */
function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return typeof error === 'string' ? maskSecrets(error) : error;
  const serialized = pino.stdSerializers.err(error);
  return {
    ...serialized,
    message: maskSecrets(serialized.message),
    stack: serialized.stack ? maskSecrets(serialized.stack) : undefined,
  };
}

/** Adapts the logger to the `(line) => void` callbacks older modules take. */
export function lineLogger(
  logger: Logger,
  level: 'info' | 'warn' | 'error' = 'info',
): (line: string) => void {
  return (line) => logger[level](line);
}
