import { describe, expect, it } from 'vitest';
import { compileBaseline, matchesHostPattern, resolveBaselineOptions, type TBaseline } from './baseline';
import { exportBaseline, type TExportHost } from './export-baseline';

const host = (hostname: string, application = 'SIPS', pairName: string | null = null) => ({
  hostname,
  application,
  pairName,
});

describe('baseline resolution', () => {
  const baseline: TBaseline = {
    fleet: { 'backup-init-check': 'true', 'backup-init-check-timeout': '60' },
    pairs: { SIPS_HA_1: { 'backup-init-check-timeout': '30' } },
    hosts: [
      { match: 'sips-b-*', options: { 'backup-sip-port-check': 'false' } },
      { match: 'sips-b-01', options: { 'backup-sip-port-check': 'true', 'backup-init-check-timeout': '90' } },
      { match: 'sips-b-0?', options: { 'backup-init-check-timeout': '45' } },
    ],
  };

  it('fleet, then the pair, then every matching host entry in order: later entries win', () => {
    expect(resolveBaselineOptions(baseline, host('sips-a-01', 'SIPS', 'SIPS_HA_1'))).toEqual({
      'backup-init-check': 'true',
      'backup-init-check-timeout': '30',
    });
    expect(resolveBaselineOptions(baseline, host('sips-b-01', 'SIPS', 'SIPS_HA_1'))).toEqual({
      'backup-init-check': 'true',
      'backup-init-check-timeout': '45',
      'backup-sip-port-check': 'true',
    });
    expect(resolveBaselineOptions(baseline, host('sips-b-10'))).toEqual({
      'backup-init-check': 'true',
      'backup-init-check-timeout': '60',
      'backup-sip-port-check': 'false',
    });
  });

  it('patterns: * any run, ? one character, case-insensitive, a slash matches hostname/application', () => {
    expect(matchesHostPattern('sips-*', host('SIPS-A-01'))).toBe(true);
    expect(matchesHostPattern('sips-?', host('sips-ab'))).toBe(false);
    expect(matchesHostPattern('sips.a', host('sipsxa'))).toBe(false);
    expect(matchesHostPattern('box/SIPS_B', host('box', 'SIPS_B'))).toBe(true);
    expect(matchesHostPattern('box/SIPS_B', host('box', 'SIPS_A'))).toBe(false);
    expect(matchesHostPattern('box', host('box', 'SIPS_A'))).toBe(true);
  });

  it('the compiled resolver and the one-off agree', () => {
    const resolve = compileBaseline(baseline);
    for (const name of ['sips-a-01', 'sips-b-01', 'sips-b-22', 'other'])
      expect(resolve(host(name, 'SIPS', 'SIPS_HA_1'))).toEqual(
        resolveBaselineOptions(baseline, host(name, 'SIPS', 'SIPS_HA_1')),
      );
  });
});

describe('baseline export', () => {
  const fleet: TExportHost[] = [
    { ...host('a1', 'SIPS_A', 'P1'), configuredOptions: { x: '1', y: '2' } },
    { ...host('b1', 'SIPS_B', 'P1'), configuredOptions: { x: '1', y: '2' } },
    { ...host('a2', 'SIPS_A', 'P2'), configuredOptions: { x: '1', y: '3' } },
    { ...host('b2', 'SIPS_B', 'P2'), configuredOptions: { x: '1' } },
    { ...host('twin', 'SIPS_A'), configuredOptions: { x: '1', y: '4' } },
    { ...host('twin', 'SIPS_B'), configuredOptions: { x: '1', y: '5' } },
  ];

  it('fleet where all agree, pair where a pair agrees, host entries otherwise (application when names repeat)', () => {
    expect(exportBaseline(fleet, ['x', 'y'])).toEqual({
      fleet: { x: '1' },
      pairs: { P1: { y: '2' } },
      hosts: [
        { match: 'a2', options: { y: '3' } },
        { match: 'twin/SIPS_A', options: { y: '4' } },
        { match: 'twin/SIPS_B', options: { y: '5' } },
      ],
    });
  });

  it('resolves on every host to exactly the options it sets', () => {
    const resolve = compileBaseline(exportBaseline(fleet, ['x', 'y']));
    for (const h of fleet) expect(resolve(h)).toEqual(h.configuredOptions);
  });
});

describe('baseline patterns stay fast', () => {
  it('a pattern of many stars against a long name answers at once', () => {
    const started = performance.now();
    expect(matchesHostPattern(`${'*a'.repeat(60)}*b`, host('a'.repeat(250)))).toBe(false);
    expect(performance.now() - started).toBeLessThan(100);
  });
});
