import { describe, expect, it } from 'vitest';
import {
  CHECK_OPTION_NAMES,
  DEFAULT_OPTIONS,
  getOptionDefinition,
  isOptionName,
  OPTION_CATALOG,
  OPTION_NAMES,
} from './option-catalog';
import { parseOptionValue } from './option-values';

describe('option table: the check options as the SIP Server documentation defines them (`option-table`)', () => {
  it('lists the four check options and the two port options', () => {
    expect(OPTION_NAMES).toEqual([
      'backup-init-check',
      'backup-init-check-timeout',
      'backup-sip-port-check',
      'control-vip-scripts',
      'sip-port',
      'sip-address',
    ]);
    expect(CHECK_OPTION_NAMES).toEqual(OPTION_NAMES.slice(0, 4));
  });

  it('every option is in [TServer], Application level, takes effect after restart', () => {
    for (const name of OPTION_NAMES) {
      const definition = getOptionDefinition(name);
      expect(definition.name).toBe(name);
      expect(definition.section).toBe('TServer');
      expect(definition.level).toBe('application');
      expect(definition.takesEffect).toBe('after-restart');
      expect(definition.rule).not.toBe('');
      expect(definition.description).not.toBe('');
    }
  });

  it('has the defaults of the option table, both as written and typed', () => {
    expect(DEFAULT_OPTIONS).toEqual({
      'backup-init-check': false,
      'backup-init-check-timeout': 60,
      'backup-sip-port-check': true,
      'control-vip-scripts': false,
      'sip-port': 5060,
      'sip-address': '',
    });
    expect(OPTION_NAMES.map((name) => OPTION_CATALOG[name].defaultRaw)).toEqual([
      'false',
      '60',
      'true',
      'false',
      '5060',
      '',
    ]);
  });

  it('each written default parses to its typed default', () => {
    for (const name of OPTION_NAMES) {
      const definition = OPTION_CATALOG[name];
      expect(parseOptionValue(name, definition.defaultRaw)).toEqual({
        ok: true,
        value: definition.defaultValue,
      });
    }
  });

  it('backup-init-check-timeout is a restricted integer option, 15-3600', () => {
    const timeout = OPTION_CATALOG['backup-init-check-timeout'];
    expect(timeout.restricted).toBe(true);
    expect(timeout.kind).toBe('integer');
    expect([timeout.min, timeout.max]).toEqual([15, 3600]);
  });

  it('no other option is restricted', () => {
    const restricted = OPTION_NAMES.filter((name) => OPTION_CATALOG[name].restricted);
    expect(restricted).toEqual(['backup-init-check-timeout']);
  });

  it('kinds: three booleans, two integers, one string', () => {
    expect(OPTION_NAMES.map((name) => OPTION_CATALOG[name].kind)).toEqual([
      'boolean',
      'integer',
      'boolean',
      'boolean',
      'integer',
      'string',
    ]);
    const port = OPTION_CATALOG['sip-port'];
    expect([port.min, port.max]).toEqual([1, 65535]);
  });

  it('recognizes its option names and no others', () => {
    expect(isOptionName('backup-init-check')).toBe(true);
    expect(isOptionName('sip-address')).toBe(true);
    expect(isOptionName('log-trace-flags')).toBe(false);
    expect(isOptionName('Backup-Init-Check')).toBe(false);
  });
});
