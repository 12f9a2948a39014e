import { createLogger, type Logger } from './logger';

let current: Logger | undefined;

/**
 * The process's one logger. The entry point (dashboard main, agent CLI) sets it with its name;
 * library code that has no logger handed to it logs here, so every line of a process has one format
 * and one redaction.
 */
export function processLogger(): Logger {
  current ??= createLogger({ name: 'standby' });
  return current;
}

export function setProcessLogger(logger: Logger): Logger {
  current = logger;
  return logger;
}
