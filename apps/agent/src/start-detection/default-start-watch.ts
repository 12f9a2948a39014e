import type { TAgentConfig } from '@standby/protocol';
import type { TStartWatch } from './start-watcher';

/**
 * How starts are told apart without `sipServer.watch`: the socket listening on the first TCP
 * probe's port (a new socket is a new start), else the first HTTP probe coming back up.
 *
 * Detection lags the real start by the time that component takes to open its port: a start is
 * timed from the listener appearing, so the first TCP probe should be a component that comes up
 * early (T-Controller does), and log lines written before it are not seen by the start check.
 */
export function defaultStartWatch(sip: TAgentConfig['sipServer']): TStartWatch | undefined {
  if (sip.watch) return sip.watch;
  const probes = Object.values(sip.components);
  for (const probe of probes)
    if ('tcp' in probe) return { listenPort: Number(probe.tcp.slice(probe.tcp.lastIndexOf(':') + 1)) };
  for (const probe of probes) if ('http' in probe) return { statusUrl: probe.http };
  return undefined;
}
