import { describe, expect, it } from 'vitest';
import { COMPONENT_NAMES, type TComponentResult } from './components';
import { DEFAULT_OPTIONS, type TOptionValues } from './option-catalog';
import { decideCheckOutcome, type TCheckOutcomeInput } from './verdict';

const ALL_READY: TComponentResult[] = COMPONENT_NAMES.map((name, index) => ({
  name,
  state: 'ready',
  readyAfterMs: 1000 * (index + 1),
}));

function makeInput(
  overrides: Partial<TCheckOutcomeInput> = {},
  options: Partial<TOptionValues> = {},
): TCheckOutcomeInput {
  return {
    mode: 'backup',
    version: '8.1.103.64',
    sameHost: false,
    components: ALL_READY,
    portCheck: { state: 'passed' },
    ...overrides,
    options: { ...DEFAULT_OPTIONS, 'backup-init-check': true, ...options },
  };
}

function withComponent(
  name: TComponentResult['name'],
  result: Omit<TComponentResult, 'name'>,
): TComponentResult[] {
  return ALL_READY.map((component) => (component.name === name ? { name, ...result } : component));
}

describe('check-needs-8.1.103.64: older versions have no check, so the server runs', () => {
  it('8.1.103.63 is RUNNING and not applicable, whatever the components did', () => {
    const outcome = decideCheckOutcome(
      makeInput({ version: '8.1.103.63', components: withComponent('smart-proxy', { state: 'failed' }) }),
    );
    expect(outcome).toMatchObject({ status: 'RUNNING', applicable: false, checkEnabled: false, reasons: [] });
    expect(outcome.notes[0]).toContain('predates 8.1.103.64');
  });

  it('8.1.103.64 is applicable', () => {
    expect(decideCheckOutcome(makeInput()).applicable).toBe(true);
  });
});

describe('backup-mode-only: Primary mode is not checked', () => {
  it('RUNNING, not applicable; checkEnabled still tells the option is on', () => {
    const outcome = decideCheckOutcome(
      makeInput({ mode: 'primary', components: undefined, portCheck: undefined }),
    );
    expect(outcome).toMatchObject({ status: 'RUNNING', applicable: false, checkEnabled: true, reasons: [] });
    expect(outcome.notes[0]).toContain('Primary mode');
  });
});

describe('check-off-verifies-nothing: backup-init-check=false verifies nothing', () => {
  it('RUNNING even with a failed component and a failed port check', () => {
    const outcome = decideCheckOutcome(
      makeInput(
        { components: withComponent('t-controller', { state: 'failed' }), portCheck: { state: 'failed' } },
        { 'backup-init-check': false },
      ),
    );
    expect(outcome).toMatchObject({ status: 'RUNNING', applicable: true, checkEnabled: false, reasons: [] });
    expect(outcome.notes).toEqual(['backup-init-check is false: no component and no SIP port was verified']);
  });
});

describe('four-components-within-timeout: all four components must be ready within the timeout', () => {
  it('all ready, port passed: RUNNING with no reasons', () => {
    expect(decideCheckOutcome(makeInput())).toEqual({
      status: 'RUNNING',
      applicable: true,
      checkEnabled: true,
      reasons: [],
      notes: [],
    });
  });

  it('a component that timed out: SERVICE_UNAVAILABLE naming it and the timeout', () => {
    const outcome = decideCheckOutcome(
      makeInput(
        { components: withComponent('interaction-proxy', { state: 'timeout' }) },
        { 'backup-init-check-timeout': 30 },
      ),
    );
    expect(outcome.status).toBe('SERVICE_UNAVAILABLE');
    expect(outcome.reasons).toEqual(['Interaction Proxy did not complete initialization within 30 s']);
  });

  it('names each component that was not ready, with its detail', () => {
    const components: TComponentResult[] = [
      { name: 't-controller', state: 'failed', detail: 'license server unreachable' },
      { name: 'smart-proxy', state: 'ready', readyAfterMs: 2000 },
      { name: 'interaction-proxy', state: 'timeout' },
      { name: 'operational-info', state: 'skipped' },
    ];
    const outcome = decideCheckOutcome(makeInput({ components }));
    expect(outcome.status).toBe('SERVICE_UNAVAILABLE');
    expect(outcome.reasons).toEqual([
      'T-Controller failed to initialize: license server unreachable',
      'Interaction Proxy did not complete initialization within 60 s',
      'Operational Information thread was skipped, so its initialization was not verified',
    ]);
  });

  it('ready exactly at the timeout counts; one millisecond later does not', () => {
    const atTimeout = withComponent('operational-info', { state: 'ready', readyAfterMs: 60_000 });
    expect(decideCheckOutcome(makeInput({ components: atTimeout })).status).toBe('RUNNING');

    const late = withComponent('operational-info', { state: 'ready', readyAfterMs: 60_001 });
    const outcome = decideCheckOutcome(makeInput({ components: late }));
    expect(outcome.status).toBe('SERVICE_UNAVAILABLE');
    expect(outcome.reasons).toEqual([
      'Operational Information thread became ready after 60.0 s, later than the 60 s timeout',
    ]);
  });

  it('a component without a result was not verified', () => {
    const outcome = decideCheckOutcome(makeInput({ components: ALL_READY.slice(0, 3) }));
    expect(outcome.status).toBe('SERVICE_UNAVAILABLE');
    expect(outcome.reasons).toEqual([
      'Operational Information thread reported no result, so its initialization was not verified',
    ]);
  });

  it('no component results at all: each of the four is named', () => {
    const outcome = decideCheckOutcome(makeInput({ components: undefined }));
    expect(outcome.reasons).toHaveLength(4);
    expect(outcome.reasons.join(' ')).toMatch(
      /T-Controller.*Smart Proxy.*Interaction Proxy.*Operational Information/,
    );
  });
});

describe('port-opened-then-closed: a SIP port that does not open makes the backup SERVICE_UNAVAILABLE', () => {
  it('failed port check: SERVICE_UNAVAILABLE with the port and the reason', () => {
    const outcome = decideCheckOutcome(
      makeInput({ portCheck: { state: 'failed', reason: 'address in use by pid 4242 (sip_server)' } }),
    );
    expect(outcome.status).toBe('SERVICE_UNAVAILABLE');
    expect(outcome.reasons).toEqual([
      'SIP port 5060 (all addresses) could not be opened: address in use by pid 4242 (sip_server)',
    ]);
  });

  it('names the configured port and address', () => {
    const outcome = decideCheckOutcome(
      makeInput(
        { portCheck: { state: 'failed', reason: 'address not on this host' } },
        { 'sip-port': 5070, 'sip-address': '10.0.0.5' },
      ),
    );
    expect(outcome.reasons).toEqual([
      'SIP port 5070 (10.0.0.5) could not be opened: address not on this host',
    ]);
  });

  it('component and port failures are all reported', () => {
    const outcome = decideCheckOutcome(
      makeInput({
        components: withComponent('smart-proxy', { state: 'timeout' }),
        portCheck: { state: 'failed', reason: 'permission denied' },
      }),
    );
    expect(outcome.reasons).toEqual([
      'Smart Proxy did not complete initialization within 60 s',
      'SIP port 5060 (all addresses) could not be opened: permission denied',
    ]);
  });

  it('a port check that was due but did not run is not a pass', () => {
    expect(decideCheckOutcome(makeInput({ portCheck: undefined })).reasons).toEqual([
      'SIP port 5060 (all addresses) was not verified: the port check was due but did not run',
    ]);
    expect(decideCheckOutcome(makeInput({ portCheck: { state: 'not-run' } })).status).toBe(
      'SERVICE_UNAVAILABLE',
    );
  });

  it('backup-sip-port-check=false: a port result is ignored', () => {
    const outcome = decideCheckOutcome(
      makeInput({ portCheck: { state: 'failed', reason: 'in use' } }, { 'backup-sip-port-check': false }),
    );
    expect(outcome.status).toBe('RUNNING');
    expect(outcome.notes).toEqual(['SIP port check not run: backup-sip-port-check is false']);
  });
});

describe('port-check-skipped-for-takeover-or-same-host: no port check for IP Address Takeover or same host, and the result says why', () => {
  it('control-vip-scripts=true: RUNNING, a failed port result is ignored, the note says why', () => {
    const outcome = decideCheckOutcome(
      makeInput(
        { portCheck: { state: 'failed', reason: 'address not on this host' } },
        { 'control-vip-scripts': true },
      ),
    );
    expect(outcome.status).toBe('RUNNING');
    expect(outcome.notes[0]).toContain('IP Address Takeover');
  });

  it('same host: RUNNING without a port result, the note says why', () => {
    const outcome = decideCheckOutcome(makeInput({ sameHost: true, portCheck: undefined }));
    expect(outcome.status).toBe('RUNNING');
    expect(outcome.notes[0]).toContain('same host');
  });

  it('components are still verified when the port check is skipped', () => {
    const outcome = decideCheckOutcome(
      makeInput({ sameHost: true, components: withComponent('t-controller', { state: 'timeout' }) }),
    );
    expect(outcome.status).toBe('SERVICE_UNAVAILABLE');
    expect(outcome.reasons).toEqual(['T-Controller did not complete initialization within 60 s']);
  });
});

describe('status-to-management-layer: the status is RUNNING or SERVICE_UNAVAILABLE, with reasons only for the latter', () => {
  it('reasons are empty exactly when RUNNING', () => {
    const cases: TCheckOutcomeInput[] = [
      makeInput(),
      makeInput({ portCheck: { state: 'failed' } }),
      makeInput({ components: [] }),
      makeInput({ mode: 'primary' }),
    ];
    for (const input of cases) {
      const outcome = decideCheckOutcome(input);
      expect(outcome.reasons.length === 0).toBe(outcome.status === 'RUNNING');
    }
  });

  it('a failed port check without a reason still says so', () => {
    expect(decideCheckOutcome(makeInput({ portCheck: { state: 'failed' } })).reasons).toEqual([
      'SIP port 5060 (all addresses) could not be opened: reason unknown',
    ]);
  });
});
