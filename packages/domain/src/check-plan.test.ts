import { describe, expect, it } from 'vitest';
import {
  describeNotApplicable,
  describePortCheckSkip,
  getSkippedPortCheckState,
  listInertPortCheckReasons,
  listPortCheckSkipReasons,
  PORT_CHECK_SKIP_CAUSES,
  PORT_CHECK_SKIP_REASONS,
  planCheck,
  type TCheckPlanInput,
} from './check-plan';
import { DEFAULT_OPTIONS, type TOptionValues } from './option-catalog';

function makeInput(
  overrides: Partial<TCheckPlanInput> = {},
  options: Partial<TOptionValues> = {},
): TCheckPlanInput {
  return {
    mode: 'backup',
    version: '8.1.103.64',
    sameHost: false,
    ...overrides,
    options: { ...DEFAULT_OPTIONS, 'backup-init-check': true, ...options },
  };
}

describe('check-needs-8.1.103.64: the check does not exist before 8.1.103.64', () => {
  it('8.1.103.63 is not applicable', () => {
    expect(planCheck(makeInput({ version: '8.1.103.63' }))).toEqual({
      applicable: false,
      notApplicableReason: 'version-too-old',
      runComponents: false,
      timeoutSec: 60,
      portCheck: { run: false, skipReason: 'not-applicable' },
    });
  });

  it('8.1.103.64 and 8.1.103.100 are applicable', () => {
    expect(planCheck(makeInput({ version: '8.1.103.64' })).applicable).toBe(true);
    expect(planCheck(makeInput({ version: '8.1.103.100' })).applicable).toBe(true);
  });

  it('an invalid version is not applicable, for its own reason', () => {
    const plan = planCheck(makeInput({ version: '8.1.103' }));
    expect(plan.applicable).toBe(false);
    expect(plan.notApplicableReason).toBe('version-invalid');
    expect(plan.runComponents).toBe(false);
  });
});

describe('backup-mode-only: the check applies only in Backup mode', () => {
  it('Primary mode is not applicable, nothing runs', () => {
    expect(planCheck(makeInput({ mode: 'primary' }))).toEqual({
      applicable: false,
      notApplicableReason: 'primary-mode',
      runComponents: false,
      timeoutSec: 60,
      portCheck: { run: false, skipReason: 'not-applicable' },
    });
  });
});

describe('check-off-verifies-nothing: backup-init-check=false verifies nothing, not even the port', () => {
  it('runs neither the components nor the port check', () => {
    expect(planCheck(makeInput({}, { 'backup-init-check': false }))).toEqual({
      applicable: true,
      runComponents: false,
      timeoutSec: 60,
      portCheck: { run: false, skipReason: 'check-disabled' },
    });
  });
});

describe('four-components-within-timeout: backup-init-check=true waits for the components up to the timeout', () => {
  it('runs the components with the effective timeout', () => {
    const plan = planCheck(makeInput({}, { 'backup-init-check-timeout': 15 }));
    expect(plan.runComponents).toBe(true);
    expect(plan.timeoutSec).toBe(15);
  });
});

describe('port-opened-then-closed: the port check runs when backup-init-check and backup-sip-port-check are both true', () => {
  it('runs by default once the check is on (backup-sip-port-check defaults to true)', () => {
    expect(planCheck(makeInput()).portCheck).toEqual({ run: true });
  });

  it('backup-sip-port-check=false turns it off', () => {
    expect(planCheck(makeInput({}, { 'backup-sip-port-check': false })).portCheck).toEqual({
      run: false,
      skipReason: 'port-check-disabled',
    });
  });
});

describe('port-check-skipped-for-takeover-or-same-host: the port check is skipped for IP Address Takeover and same host', () => {
  it('control-vip-scripts=true skips it as IP Address Takeover', () => {
    expect(planCheck(makeInput({}, { 'control-vip-scripts': true })).portCheck).toEqual({
      run: false,
      skipReason: 'ip-address-takeover',
    });
  });

  it('a same-host pair skips it', () => {
    expect(planCheck(makeInput({ sameHost: true })).portCheck).toEqual({
      run: false,
      skipReason: 'same-host',
    });
  });

  it('IP Address Takeover is the reason given when both apply', () => {
    const plan = planCheck(makeInput({ sameHost: true }, { 'control-vip-scripts': true }));
    expect(plan.portCheck.skipReason).toBe('ip-address-takeover');
  });

  it('the components still run when the port check is skipped', () => {
    expect(planCheck(makeInput({ sameHost: true })).runComponents).toBe(true);
  });

  it('records "skipped" for IP Address Takeover and same host, "not-run" when not asked for', () => {
    expect(PORT_CHECK_SKIP_REASONS.map((reason) => [reason, getSkippedPortCheckState(reason)])).toEqual([
      ['not-applicable', 'not-run'],
      ['check-disabled', 'not-run'],
      ['port-check-disabled', 'not-run'],
      ['ip-address-takeover', 'skipped'],
      ['same-host', 'skipped'],
    ]);
  });

  it('says why, in words', () => {
    expect(describePortCheckSkip('ip-address-takeover')).toContain('IP Address Takeover');
    expect(describePortCheckSkip('same-host')).toContain('same host');
    expect(describePortCheckSkip('check-disabled')).toContain('backup-init-check is false');
    expect(describeNotApplicable('version-too-old', '8.1.103.63')).toContain('predates 8.1.103.64');
    expect(describeNotApplicable('version-invalid', '8.1.103')).toContain('has 3 part(s)');
    expect(describeNotApplicable('primary-mode', '8.1.103.64')).toContain('Primary mode');
  });
});

describe('the port check rule, stated once (rules 3, 5, 6)', () => {
  const options = (patch: Partial<TOptionValues> = {}) => ({
    ...DEFAULT_OPTIONS,
    'backup-init-check': true,
    ...patch,
  });

  it('check on, port check on, own host, no takeover: nothing stops it', () => {
    expect(listPortCheckSkipReasons(options(), false)).toEqual([]);
    expect(listInertPortCheckReasons(options(), false)).toEqual([]);
  });

  it('lists every reason, in the order the check decides them', () => {
    expect(
      listPortCheckSkipReasons(
        options({ 'backup-init-check': false, 'backup-sip-port-check': false, 'control-vip-scripts': true }),
        true,
      ),
    ).toEqual(['check-disabled', 'port-check-disabled', 'ip-address-takeover', 'same-host']);
  });

  it('same host alone makes backup-sip-port-check=true verify nothing', () => {
    expect(listInertPortCheckReasons(options(), true)).toEqual(['same-host']);
  });

  it('check off, or IP Address Takeover, make it verify nothing too', () => {
    expect(listInertPortCheckReasons(options({ 'backup-init-check': false }), false)).toEqual([
      'check-disabled',
    ]);
    expect(listInertPortCheckReasons(options({ 'control-vip-scripts': true }), true)).toEqual([
      'ip-address-takeover',
      'same-host',
    ]);
  });

  it('backup-sip-port-check=false claims nothing: not inert, whatever else holds', () => {
    expect(
      listInertPortCheckReasons(
        options({ 'backup-sip-port-check': false, 'backup-init-check': false }),
        true,
      ),
    ).toEqual([]);
  });

  it('planCheck reports the first reason, the finding and the dashboard every one', () => {
    const plan = planCheck(makeInput({ sameHost: true }, { 'control-vip-scripts': true }));
    const [first] = listPortCheckSkipReasons(options({ 'control-vip-scripts': true }), true);
    expect(plan.portCheck.skipReason).toBe(first);
  });

  it('each reason has its words, used by the run note and the finding', () => {
    for (const reason of PORT_CHECK_SKIP_REASONS) {
      expect(describePortCheckSkip(reason)).toContain(PORT_CHECK_SKIP_CAUSES[reason]);
    }
    expect(describePortCheckSkip('port-check-disabled')).toBe(
      'SIP port check not run: backup-sip-port-check is false',
    );
  });
});
