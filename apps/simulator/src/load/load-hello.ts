import type { TAgentHello } from '@standby/protocol';
import { SYNTHETIC_OPTIONS } from './synthetic-result';

/** The identity of simulated agent number `index`: two hosts per HA pair, like a real fleet. */
export function loadAgentIdentity(index: number): { hostKey: string; hostname: string; application: string } {
  const n = String(index + 1).padStart(5, '0');
  const hostname = `load-${n}.bench`;
  const application = `SIP_${n}`;
  return { hostKey: `${hostname}/${application}`, hostname, application };
}

/** The hello a simulated agent sends: the shape the real agent sends (see agent-instance.ts). */
export function buildLoadHello(
  index: number,
  configuredOptions: Record<string, string> = { ...SYNTHETIC_OPTIONS },
): TAgentHello {
  return {
    ...loadAgentIdentity(index),
    pair: `load-pair-${String(Math.floor(index / 2) + 1).padStart(5, '0')}`,
    version: '8.1.103.64',
    mode: index % 2 === 0 ? 'backup' : 'primary',
    sameHost: false,
    configuredOptions,
    effectiveOptions: { ...SYNTHETIC_OPTIONS },
    agentVersion: 'load-generator',
    serverStartedAt: null,
    intervalSec: 300,
  };
}
