import {
  DEFAULT_OPTIONS,
  isOptionName,
  OPTION_CATALOG,
  OPTION_NAMES,
  type TEffectiveOptions,
  type TOptionDefinition,
  type TOptionName,
  type TOptionValues,
} from './option-catalog';
import { classifySipAddress } from './sip-address';

export type TParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

type TStringOptionName = { [N in TOptionName]: TOptionValues[N] extends string ? N : never }[TOptionName];

const STRING_VALIDATORS: Record<TStringOptionName, (value: string) => boolean> = {
  'sip-address': (value) => classifySipAddress(value) !== undefined,
};

const DECIMAL_DIGITS = /^\d+$/;

/**
 * Parses one option value as written in an options file. Surrounding whitespace is ignored;
 * booleans are case-insensitive; integers are plain decimal digits within the option's range.
 */
export function parseOptionValue<N extends TOptionName>(
  name: N,
  raw: string,
): TParseResult<TOptionValues[N]> {
  const definition: TOptionDefinition = OPTION_CATALOG[name];
  // The catalog ties each name to its kind, so the parsed value has the type TOptionValues[N].
  return parseByKind(definition, raw) as TParseResult<TOptionValues[N]>;
}

function parseByKind(definition: TOptionDefinition, raw: string): TParseResult<boolean | number | string> {
  const text = raw.trim();
  const reject = (why: string): TParseResult<never> => ({
    ok: false,
    reason: `${definition.name}: "${raw}" is not valid (${why}); valid values: ${definition.validValues}`,
  });
  switch (definition.kind) {
    case 'boolean': {
      const lower = text.toLowerCase();
      if (lower === 'true') return { ok: true, value: true };
      if (lower === 'false') return { ok: true, value: false };
      return reject('not true or false');
    }
    case 'integer': {
      if (!DECIMAL_DIGITS.test(text)) return reject('not a whole number');
      const value = Number(text);
      if (value < definition.min) return reject(`below the minimum ${definition.min}`);
      if (value > definition.max) return reject(`above the maximum ${definition.max}`);
      return { ok: true, value };
    }
    case 'string': {
      if (!STRING_VALIDATORS[definition.name](text)) return reject('not an accepted form');
      return { ok: true, value: text };
    }
  }
}

/** Writes a typed value the way it appears in an options file. */
export function formatOptionValue<N extends TOptionName>(name: N, value: TOptionValues[N]): string {
  const definition: TOptionDefinition = OPTION_CATALOG[name];
  switch (definition.kind) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'integer':
    case 'string':
      return String(value);
  }
}

/**
 * The one normalization of a value as written (rule `invalid-value-uses-default`): surrounding whitespace
 * dropped, booleans lower case (`true`/`false`), integers canonical decimal (`0060` ⇒ `60`), strings trimmed.
 * The browser, the server and the agent all send or write this form.
 */
export function normalizeOptionValue(name: TOptionName, raw: string): TParseResult<string> {
  const parsed = parseOptionValue(name, raw);
  // parseOptionValue(name) gives the type formatOptionValue(name) takes; TS cannot follow it through the union.
  return parsed.ok ? { ok: true, value: formatOptionValue(name, parsed.value as never) } : parsed;
}

/** One refused value: the key as given, and a message that names it and says what was wrong. */
export interface TOptionValueError {
  option: string;
  message: string;
}

export type TOptionValuesValidation =
  | {
      ok: true;
      /** Every value normalized (normalizeOptionValue), keyed by option name, in the order given. */
      values: Record<string, string>;
      /** Restricted options among them: changing one needs a confirmation and a reason. */
      restricted: TOptionName[];
    }
  | { ok: false; errors: TOptionValueError[] };

export interface TValidateOptionValuesSettings {
  /** The options that may be set; others are refused (default: every option Standby manages). */
  allowed?: readonly TOptionName[];
}

/**
 * Validates option values to be written (a change from the dashboard, or a command on the agent), each
 * against the catalog: either every value, normalized, or one error per refused key.
 */
export function validateOptionValues(
  values: Readonly<Record<string, string>>,
  settings: TValidateOptionValuesSettings = {},
): TOptionValuesValidation {
  const allowed: readonly string[] = settings.allowed ?? OPTION_NAMES;
  const normalized: Record<string, string> = {};
  const restricted: TOptionName[] = [];
  const errors: TOptionValueError[] = [];
  for (const [option, raw] of Object.entries(values)) {
    if (!isOptionName(option)) {
      errors.push({ option, message: `${option}: not an option Standby manages` });
      continue;
    }
    if (!allowed.includes(option)) {
      errors.push({ option, message: `${option}: cannot be changed here` });
      continue;
    }
    const result = normalizeOptionValue(option, raw);
    if (!result.ok) {
      errors.push({ option, message: result.reason });
      continue;
    }
    normalized[option] = result.value;
    if (OPTION_CATALOG[option].restricted) restricted.push(option);
  }
  return errors.length ? { ok: false, errors } : { ok: true, values: normalized, restricted };
}

/**
 * Rule `restricted-needs-reason`: what a change that includes restricted options still lacks — an explicit
 * confirmation, then a reason (blank does not count) — or undefined when nothing is missing.
 */
export function findRestrictedChangeGap(
  restricted: readonly TOptionName[],
  given: { confirmed: boolean; reason?: string | null | undefined },
): 'confirmation' | 'reason' | undefined {
  if (restricted.length === 0) return undefined;
  if (!given.confirmed) return 'confirmation';
  if (!given.reason?.trim()) return 'reason';
  return undefined;
}

export function formatEffectiveOptions(options: TEffectiveOptions): Record<TOptionName, string> {
  const formatted = {} as Record<TOptionName, string>;
  for (const name of OPTION_NAMES) formatted[name] = formatOptionValue(name, options[name]);
  return formatted;
}

/** A value in the options file that SIP Server will not accept; the default is used instead. */
export interface TInvalidOptionValue {
  option: TOptionName;
  raw: string;
  reason: string;
  /** The default used in its place, as written in an options file. */
  fallback: string;
}

export interface TResolvedOptions {
  effective: TEffectiveOptions;
  invalid: TInvalidOptionValue[];
}

/**
 * From the [TServer] section as written (absent keys undefined) to the values SIP Server will use.
 * Absent or invalid values take the default (`invalid-value-uses-default`); other TServer options are ignored.
 */
export function resolveEffectiveOptions(
  configured: Readonly<Record<string, string | undefined>>,
): TResolvedOptions {
  const effective: TOptionValues = { ...DEFAULT_OPTIONS };
  const invalid: TInvalidOptionValue[] = [];
  for (const name of OPTION_NAMES) {
    const raw = configured[name];
    if (raw === undefined) continue;
    const parsed = parseOptionValue(name, raw);
    if (parsed.ok) {
      setOption(effective, name, parsed.value);
    } else {
      invalid.push({ option: name, raw, reason: parsed.reason, fallback: OPTION_CATALOG[name].defaultRaw });
    }
  }
  return { effective, invalid };
}

function setOption<N extends TOptionName>(options: TOptionValues, name: N, value: TOptionValues[N]): void {
  options[name] = value;
}
