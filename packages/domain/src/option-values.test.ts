import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS } from './option-catalog';
import {
  findRestrictedChangeGap,
  formatEffectiveOptions,
  formatOptionValue,
  normalizeOptionValue,
  parseOptionValue,
  resolveEffectiveOptions,
  validateOptionValues,
} from './option-values';

describe('option values: booleans are exactly true or false', () => {
  it.each([
    ['true', true],
    ['false', false],
    [' TRUE ', true],
    ['False', false],
    ['\ttrue\n', true],
  ])('%j parses to %s', (raw, value) => {
    expect(parseOptionValue('backup-init-check', raw)).toEqual({ ok: true, value });
  });

  it.each(['yes', 'no', '1', '0', 'on', '', 'tru', 'true false'])('%j is refused', (raw) => {
    const result = parseOptionValue('backup-sip-port-check', raw);
    expect(result.ok).toBe(false);
  });

  it('the reason names the option, the value and the valid values', () => {
    const result = parseOptionValue('control-vip-scripts', 'yes');
    expect(result).toEqual({
      ok: false,
      reason: 'control-vip-scripts: "yes" is not valid (not true or false); valid values: true, false',
    });
  });
});

describe('option values: backup-init-check-timeout is an integer 15-3600', () => {
  it.each([
    ['15', 15],
    ['3600', 3600],
    ['60', 60],
    [' 120 ', 120],
    ['0060', 60],
  ])('%j is valid (%d)', (raw, value) => {
    expect(parseOptionValue('backup-init-check-timeout', raw)).toEqual({ ok: true, value });
  });

  it('14 is below the minimum', () => {
    const result = parseOptionValue('backup-init-check-timeout', '14');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toContain('backup-init-check-timeout');
      expect(result.reason).toContain('below the minimum 15');
      expect(result.reason).toContain('15-3600');
    }
  });

  it('3601 is above the maximum', () => {
    const result = parseOptionValue('backup-init-check-timeout', '3601');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain('above the maximum 3600');
  });

  it.each(['60.5', '-20', '+60', '6e1', '0x3c', '60s', '', ' ', '1 000', '99999999999999999999999'])(
    '%j is refused',
    (raw) => {
      expect(parseOptionValue('backup-init-check-timeout', raw).ok).toBe(false);
    },
  );
});

describe('option values: sip-port is an integer 1-65535', () => {
  it('1 and 65535 are valid, 0 and 65536 are not', () => {
    expect(parseOptionValue('sip-port', '1')).toEqual({ ok: true, value: 1 });
    expect(parseOptionValue('sip-port', '65535')).toEqual({ ok: true, value: 65535 });
    expect(parseOptionValue('sip-port', '0').ok).toBe(false);
    expect(parseOptionValue('sip-port', '65536').ok).toBe(false);
  });
});

describe('option values: sip-address is empty, an IP literal or a host name', () => {
  it('empty means all addresses; values are trimmed', () => {
    expect(parseOptionValue('sip-address', '')).toEqual({ ok: true, value: '' });
    expect(parseOptionValue('sip-address', '  ')).toEqual({ ok: true, value: '' });
    expect(parseOptionValue('sip-address', ' 10.0.0.5 ')).toEqual({ ok: true, value: '10.0.0.5' });
    expect(parseOptionValue('sip-address', '::1')).toEqual({ ok: true, value: '::1' });
    expect(parseOptionValue('sip-address', 'sip.example.com')).toEqual({
      ok: true,
      value: 'sip.example.com',
    });
  });

  it('refuses anything else, naming the valid forms', () => {
    const result = parseOptionValue('sip-address', 'not_a host');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain('an IPv4 or IPv6 address, or a host name');
  });
});

describe('formatting typed values back to options-file text', () => {
  it('writes booleans lower case and integers in decimal', () => {
    expect(formatOptionValue('backup-init-check', true)).toBe('true');
    expect(formatOptionValue('control-vip-scripts', false)).toBe('false');
    expect(formatOptionValue('backup-init-check-timeout', 90)).toBe('90');
    expect(formatOptionValue('sip-address', '')).toBe('');
  });

  it('round-trips through parseOptionValue', () => {
    const formatted = formatEffectiveOptions(DEFAULT_OPTIONS);
    expect(formatted).toEqual({
      'backup-init-check': 'false',
      'backup-init-check-timeout': '60',
      'backup-sip-port-check': 'true',
      'control-vip-scripts': 'false',
      'sip-port': '5060',
      'sip-address': '',
    });
    expect(resolveEffectiveOptions(formatted)).toEqual({ effective: DEFAULT_OPTIONS, invalid: [] });
  });
});

describe('our decision: an invalid value is a finding and the default is used', () => {
  it('absent options take their defaults, silently', () => {
    expect(resolveEffectiveOptions({})).toEqual({ effective: DEFAULT_OPTIONS, invalid: [] });
  });

  it('valid values are used, typed', () => {
    const { effective, invalid } = resolveEffectiveOptions({
      'backup-init-check': 'TRUE',
      'backup-init-check-timeout': '120',
      'control-vip-scripts': 'true',
      'sip-port': '5070',
      'sip-address': '10.0.0.5',
    });
    expect(invalid).toEqual([]);
    expect(effective).toEqual({
      'backup-init-check': true,
      'backup-init-check-timeout': 120,
      'backup-sip-port-check': true,
      'control-vip-scripts': true,
      'sip-port': 5070,
      'sip-address': '10.0.0.5',
    });
  });

  it('invalid values fall back to the default and are listed with the reason', () => {
    const { effective, invalid } = resolveEffectiveOptions({
      'backup-init-check': 'yes',
      'backup-init-check-timeout': '14',
      'sip-port': '5070',
    });
    expect(effective['backup-init-check']).toBe(false);
    expect(effective['backup-init-check-timeout']).toBe(60);
    expect(effective['sip-port']).toBe(5070);
    expect(invalid.map(({ option, raw, fallback }) => ({ option, raw, fallback }))).toEqual([
      { option: 'backup-init-check', raw: 'yes', fallback: 'false' },
      { option: 'backup-init-check-timeout', raw: '14', fallback: '60' },
    ]);
    expect(invalid[1]?.reason).toContain('below the minimum 15');
  });

  it('an empty value for a boolean is invalid, not absent', () => {
    const { invalid } = resolveEffectiveOptions({ 'backup-sip-port-check': '' });
    expect(invalid.map((entry) => entry.option)).toEqual(['backup-sip-port-check']);
  });

  it('unknown keys (other TServer options) are ignored', () => {
    expect(
      resolveEffectiveOptions({ 'log-trace-flags': '+iscc', 'Backup-Init-Check': 'true', constructor: 'x' }),
    ).toEqual({ effective: DEFAULT_OPTIONS, invalid: [] });
  });

  it('does not share state with DEFAULT_OPTIONS', () => {
    resolveEffectiveOptions({ 'backup-init-check': 'true' });
    expect(DEFAULT_OPTIONS['backup-init-check']).toBe(false);
  });
});

describe('one normalization for values to be written (browser, server and agent alike)', () => {
  it.each([
    ['backup-init-check', ' TRUE ', 'true'],
    ['backup-sip-port-check', 'False', 'false'],
    ['control-vip-scripts', '\ttrue\n', 'true'],
    ['backup-init-check-timeout', ' 0060 ', '60'],
    ['backup-init-check-timeout', '3600', '3600'],
    ['sip-port', '05060', '5060'],
    ['sip-address', '  10.0.0.5  ', '10.0.0.5'],
    ['sip-address', '', ''],
  ] as const)('%s %j is written %j', (name, raw, written) => {
    expect(normalizeOptionValue(name, raw)).toEqual({ ok: true, value: written });
  });

  it('a refused value keeps the domain reason', () => {
    expect(normalizeOptionValue('backup-init-check', 'yes')).toEqual(
      parseOptionValue('backup-init-check', 'yes'),
    );
  });
});

describe('validateOptionValues: normalized values, or one error per refused key', () => {
  it('returns every value normalized and lists the restricted ones', () => {
    expect(
      validateOptionValues({
        'backup-init-check': 'TRUE',
        'backup-init-check-timeout': ' 090 ',
        'sip-address': ' sip.example.net ',
      }),
    ).toEqual({
      ok: true,
      values: {
        'backup-init-check': 'true',
        'backup-init-check-timeout': '90',
        'sip-address': 'sip.example.net',
      },
      restricted: ['backup-init-check-timeout'],
    });
  });

  it('an empty change is valid and changes nothing', () => {
    expect(validateOptionValues({})).toEqual({ ok: true, values: {}, restricted: [] });
  });

  it('names each refused key and says what was wrong, valid keys aside', () => {
    const result = validateOptionValues({
      'backup-init-check': 'true',
      'backup-init-check-timeout': 'soon',
      'control-vip-scripts': 'yes',
      'no-such-option': '1',
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          option: 'backup-init-check-timeout',
          message: expect.stringMatching(
            /^backup-init-check-timeout: "soon" is not valid \(not a whole number\)/,
          ),
        },
        {
          option: 'control-vip-scripts',
          message: 'control-vip-scripts: "yes" is not valid (not true or false); valid values: true, false',
        },
        { option: 'no-such-option', message: 'no-such-option: not an option Standby manages' },
      ],
    });
  });

  it('out of range is refused with the bounds', () => {
    const result = validateOptionValues({ 'backup-init-check-timeout': '14' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.message).toContain('below the minimum 15');
  });

  it('a known option outside the allowed ones is refused, named', () => {
    expect(validateOptionValues({ 'sip-port': '5070' }, { allowed: ['backup-init-check'] })).toEqual({
      ok: false,
      errors: [{ option: 'sip-port', message: 'sip-port: cannot be changed here' }],
    });
  });

  it('what it returns validates again unchanged (the agent re-validates what the server sent)', () => {
    const first = validateOptionValues({
      'backup-sip-port-check': ' FALSE',
      'backup-init-check-timeout': '0120',
    });
    expect(first.ok).toBe(true);
    if (first.ok) expect(validateOptionValues(first.values)).toEqual(first);
  });
});

describe('a restricted option needs a confirmation and a reason', () => {
  it('nothing restricted: nothing missing', () => {
    expect(findRestrictedChangeGap([], { confirmed: false })).toBeUndefined();
  });

  it('asks for the confirmation first, then a reason that is not blank', () => {
    const restricted = ['backup-init-check-timeout'] as const;
    expect(findRestrictedChangeGap(restricted, { confirmed: false, reason: 'slow start' })).toBe(
      'confirmation',
    );
    expect(findRestrictedChangeGap(restricted, { confirmed: true })).toBe('reason');
    expect(findRestrictedChangeGap(restricted, { confirmed: true, reason: '   ' })).toBe('reason');
    expect(findRestrictedChangeGap(restricted, { confirmed: true, reason: 'slow start' })).toBeUndefined();
  });
});

describe('option values: normalization trims Unicode whitespace once, for every writer', () => {
  it.each(['\u00a0', '\u2003', '\u3000', '\ufeff', ' \t'])('%j around a value is dropped', (pad) => {
    expect(normalizeOptionValue('backup-init-check', `${pad}TRUE${pad}`)).toEqual({
      ok: true,
      value: 'true',
    });
    expect(normalizeOptionValue('backup-init-check-timeout', `${pad}0090${pad}`)).toEqual({
      ok: true,
      value: '90',
    });
    expect(normalizeOptionValue('sip-address', `${pad}10.0.0.1${pad}`)).toEqual({
      ok: true,
      value: '10.0.0.1',
    });
  });

  it('a normalized value is its own normalization (applied once, nothing left to change)', () => {
    const once = normalizeOptionValue('backup-init-check-timeout', '\u2003060\u00a0');
    expect(once.ok && normalizeOptionValue('backup-init-check-timeout', once.value)).toEqual(once);
  });
});
