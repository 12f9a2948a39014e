#!/usr/bin/env -S npx tsx
// The agent's command line: `pnpm --silent agent check --config FILE [--json]`, `… run --config FILE`.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger, processLogger, setProcessLogger } from '@standby/telemetry';
import { startAgent } from './agent-instance';
import { AGENT_VERSION } from './agent-version';
import { formatCheckSummary } from './check/format-summary';
import { runBackupInitCheck } from './check/run-check';
import { loadAgentConfig } from './config/load-agent-config';
import { ConfigError } from './errors';
import { STOP_GRACE_MS } from './link/dashboard-link';

const USAGE = `Usage:
  standby-agent check --config FILE [--json]   run the backup initialization check once, now
  standby-agent run --config FILE              run the agent daemon
  standby-agent --version                      print the agent's version

Exit codes (check): 0 RUNNING (or not applicable), 3 SERVICE_UNAVAILABLE, 2 usage or configuration error.`;

/** Beyond the link's own grace: the rest of a stop (status file, capture) is quick. */
const FORCED_EXIT_EXTRA_MS = 5_000;

export const EXIT = { running: 0, usage: 2, serviceUnavailable: 3 } as const;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command === undefined ? EXIT.usage : 0;
  }
  if (command === '--version' || command === '-v') {
    console.log(AGENT_VERSION);
    return 0;
  }
  let values: { config?: string; json?: boolean };
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { config: { type: 'string', short: 'c' }, json: { type: 'boolean', default: false } },
      strict: true,
    }));
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}\n${USAGE}`);
  }
  if (!values.config) throw new ConfigError(`${command}: --config FILE is required\n${USAGE}`);
  // Through `pnpm agent`, the cwd is the repo root; INIT_CWD is where the user typed the command.
  // JSON lines by default (journald, log pipelines; STANDBY_LOG_FORMAT=pretty for people). `check`
  // prints its result on stdout, so its log lines go to stderr.
  setProcessLogger(
    createLogger({ name: 'agent', ...(command === 'check' ? { destination: process.stderr } : {}) }),
  );
  const config = await loadAgentConfig(path.resolve(process.env.INIT_CWD ?? process.cwd(), values.config));

  if (command === 'check') {
    const result = await runBackupInitCheck({ config, trigger: 'manual' });
    process.stdout.write(
      values.json
        ? `${JSON.stringify(result, null, 2)}\n`
        : `${formatCheckSummary(result, config.sipServer.application)}\n`,
    );
    return result.status === 'RUNNING' ? EXIT.running : EXIT.serviceUnavailable;
  }
  if (command === 'run') {
    const agent = startAgent({ config });
    // Signal listeners alone do not keep Node running: with no dashboard, watcher or interval
    // configured, the daemon would otherwise exit after its first check.
    const keepAlive = setInterval(() => {}, 2 ** 30);
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    // A graceful stop waits (bounded) for the result being spooled or sent. Further signals are
    // ignored (a service manager may signal the whole process group: tsx relays a second one); a stop
    // that hangs past its bound ends the process anyway: the spool only ever holds whole files.
    const ignore = () => {};
    process.on('SIGINT', ignore);
    process.on('SIGTERM', ignore);
    setTimeout(() => {
      process.stderr.write('standby-agent: stop took too long; exiting now\n');
      process.exit(1);
    }, STOP_GRACE_MS + FORCED_EXIT_EXTRA_MS).unref();
    processLogger().info(`${signal}: stopping`);
    clearInterval(keepAlive);
    await agent.stop();
    return 0;
  }
  throw new ConfigError(`unknown command "${command}"\n${USAGE}`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`standby-agent: ${error.message}\n`);
      process.exit(EXIT.usage);
    }
    process.stderr.write(
      `standby-agent: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
