import type { SimulatedHostSpec } from './simulated-host';

const CHECK_ON = {
  'backup-init-check': 'true',
  'backup-init-check-timeout': '60',
  'backup-sip-port-check': 'true',
};

function pair(
  index: number,
  backup: Partial<SimulatedHostSpec> & Pick<SimulatedHostSpec, 'options'>,
  overrides: { version?: string; sameHost?: boolean; primaryOptions?: Record<string, string> } = {},
): SimulatedHostSpec[] {
  const name = `SIPS_HA_${index}`;
  const healthy = {
    't-controller': 400,
    'smart-proxy': 900,
    'interaction-proxy': 1_500,
    'operational-info': 2_200,
  };
  const version = overrides.version ?? '8.1.103.72';
  return [
    {
      hostname: `sip${index}a.example.net`,
      application: `${name}_A`,
      pair: name,
      mode: 'primary',
      version,
      sameHost: overrides.sameHost ?? false,
      options: overrides.primaryOptions ?? backup.options,
      componentDelaysMs: healthy,
    },
    {
      hostname: overrides.sameHost ? `sip${index}a.example.net` : `sip${index}b.example.net`,
      application: `${name}_B`,
      pair: name,
      mode: 'backup',
      version,
      sameHost: overrides.sameHost ?? false,
      componentDelaysMs: healthy,
      ...backup,
    },
  ];
}

/**
 * The demo fleet: eight HA pairs with every case of docs/RULES.md. Hosts whose
 * components never initialize use the shortest valid timeout (15 s) so the demo shows them fail soon.
 * Every host's role is read from its role file (run/role), so a scripted switchover is observed.
 */
export function buildDemoFleet(): SimulatedHostSpec[] {
  return [
    ...pair(1, { options: CHECK_ON }),
    ...pair(2, {
      options: { ...CHECK_ON, 'backup-init-check-timeout': '15' },
      componentDelaysMs: {
        't-controller': 300,
        'smart-proxy': 700,
        'interaction-proxy': null,
        'operational-info': 1_200,
      },
    }),
    ...pair(3, { options: CHECK_ON, holdSipPort: true }),
    ...pair(4, { options: { ...CHECK_ON, 'control-vip-scripts': 'true' } }),
    ...pair(5, { options: CHECK_ON }, { sameHost: true }),
    ...pair(6, { options: CHECK_ON }, { version: '8.1.103.50' }),
    ...pair(7, { options: { 'backup-init-check': 'false' } }, { primaryOptions: CHECK_ON }),
    // A slow Operational Information thread: fails at the 15 s deadline, ready at 25 s (late readiness).
    ...pair(8, {
      options: { ...CHECK_ON, 'backup-init-check-timeout': '15' },
      componentDelaysMs: {
        't-controller': 400,
        'smart-proxy': 900,
        'interaction-proxy': 1_500,
        'operational-info': 25_000,
      },
    }),
  ];
}
