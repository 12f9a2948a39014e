// Hostile inputs for the tRPC fuzz test: a seeded random source, a generator of "nearly valid" inputs
// from a procedure's JSON schema (so that fuzzing reaches the services, not only zod), and the edge
// values that have answered 500 before (NUL, lone surrogates, numbers past int4/bigint, year 0000/9999).

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (below: number) => Math.floor(next() * below),
    pick: <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T,
    chance: (p: number) => next() < p,
  };
}
export type TRandom = ReturnType<typeof seededRandom>;

function deepArray(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

function deepObject(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

export const EDGE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'host\u0000name',
  '\ud800',
  'x\udfffy',
  '\u00a0padded\u2003',
  'A'.repeat(5_000),
  'B'.repeat(70_000),
  '0000-01-01T00:00:00.000Z',
  '9999-12-31T23:59:59.999Z',
  '0001-01-01',
  '-000001-01-01T00:00:00.000Z',
  '2147483648',
  '9223372036854775807',
  '9223372036854775808',
  '99999999999999999999',
  '-1',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '__proto__',
  'constructor',
  '\'; DROP TABLE "Host"; --',
  '%_\\',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '=cmd|" /C calc"!A0',
  '\u202eevil',
  '😀'.repeat(300),
  'NaN',
  'eyJzIjoiZmxlZXQ6cGFpcjphc2MiLCJrIjpbbnVsbCwiYSIsIngiXX0',
];

export const EDGE_NUMBERS: readonly number[] = [
  0,
  -1,
  1.5,
  2_147_483_647,
  2_147_483_648,
  -2_147_483_649,
  2 ** 53,
  2 ** 63,
  -(2 ** 63),
  1e308,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
];

const YEAR_0000 = -62_167_219_200_000;
export const EDGE_DATES: readonly Date[] = [
  new Date(YEAR_0000),
  new Date('0001-01-01T00:00:00.000Z'),
  new Date('9999-12-31T23:59:59.999Z'),
  new Date(8.64e15),
  new Date(-8.64e15),
  new Date(Number.NaN),
  new Date('1969-12-31T23:59:59.999Z'),
];

/** Shapes a field never expects: arrays for objects, prototype keys, Maps, deep nesting, bigints. */
export function edgeStructures(): unknown[] {
  return [
    null,
    undefined,
    true,
    [],
    [{}],
    {},
    JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
    new Map([['a', 1]]),
    new Set([1, 2]),
    2n ** 63n,
    2n ** 64n,
    -1n,
    deepArray(2_000),
    deepObject(2_000),
    Array.from({ length: 20_000 }, () => '00000000-0000-4000-8000-000000000000'),
  ];
}

/** Any hostile value, of any kind. */
export function edgeValue(random: TRandom): unknown {
  switch (random.int(4)) {
    case 0:
      return random.pick(EDGE_STRINGS);
    case 1:
      return random.pick(EDGE_NUMBERS);
    case 2:
      return random.pick(EDGE_DATES);
    default:
      return random.pick(edgeStructures());
  }
}

type TJsonSchema = {
  type?: string | string[];
  properties?: Record<string, TJsonSchema>;
  required?: string[];
  items?: TJsonSchema;
  anyOf?: TJsonSchema[];
  oneOf?: TJsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  additionalProperties?: TJsonSchema | boolean;
  default?: unknown;
};

/**
 * A value that zod would most likely accept (so the call reaches the service), from the schema zod
 * itself exported (`z.toJSONSchema`). `knownIds` are real ids, so some calls find real rows.
 */
export function validishValue(schema: TJsonSchema, random: TRandom, knownIds: readonly string[]): unknown {
  const choices = schema.oneOf ?? schema.anyOf;
  if (choices) return validishValue(random.pick(choices), random, knownIds);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return random.pick(schema.enum);
  const type = Array.isArray(schema.type) ? random.pick(schema.type) : schema.type;
  switch (type) {
    case 'object': {
      const result: Record<string, unknown> = {};
      const required = new Set(schema.required ?? []);
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        if (required.has(key) || random.chance(0.5)) result[key] = validishValue(property, random, knownIds);
      }
      if (
        schema.additionalProperties &&
        typeof schema.additionalProperties === 'object' &&
        random.chance(0.7)
      )
        result[`fuzz-${random.int(100)}`] = validishValue(schema.additionalProperties, random, knownIds);
      return result;
    }
    case 'array': {
      const min = schema.minItems ?? 0;
      const length = Math.min(min + random.int(3), schema.maxItems ?? 3);
      return Array.from({ length }, () => validishValue(schema.items ?? {}, random, knownIds));
    }
    case 'string':
      return validishString(schema, random, knownIds);
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? 0;
      const max = Math.min(schema.maximum ?? 1_000, min + 1_000);
      return min + random.int(max - min + 1);
    }
    case 'boolean':
      return random.chance(0.5);
    case 'null':
      return null;
    default:
      // What JSON schema cannot say: in these routers, only dates.
      return new Date(Date.now() + (random.int(48) - 24) * 3_600_000);
  }
}

function validishString(schema: TJsonSchema, random: TRandom, knownIds: readonly string[]): string {
  if (schema.format === 'uuid' || schema.format === 'guid')
    return random.chance(0.5) && knownIds.length ? random.pick(knownIds) : randomUuid(random);
  if (schema.format === 'email') return `fuzz-${random.int(1_000_000)}@fuzz.test`;
  if (schema.format === 'uri' || schema.format === 'url') return 'http://127.0.0.1:9/fuzz';
  if (schema.pattern === '^\\d{1,19}$') return String(1 + random.int(1_000_000));
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 40;
  const length = Math.max(min, Math.min(max, 1 + random.int(12)));
  return 'fuzz-value-abcdefghij'.padEnd(length, 'x').slice(0, length);
}

function randomUuid(random: TRandom): string {
  const hex = Array.from({ length: 32 }, () => random.int(16).toString(16));
  hex[12] = '4';
  hex[16] = '8';
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** Replaces one random leaf or branch of `value` with a hostile value (returns the new root). */
export function mutateOnce(value: unknown, random: TRandom): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Date || random.chance(0.15))
    return edgeValue(random);
  if (Array.isArray(value)) {
    if (value.length === 0) return [edgeValue(random)];
    const copy = [...value];
    const index = random.int(copy.length);
    copy[index] = mutateOnce(copy[index], random);
    return copy;
  }
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (keys.length === 0 || random.chance(0.1)) {
    // defineProperty: an own `__proto__` key, as JSON.parse makes it, not a prototype change.
    Object.defineProperty(copy, random.pick(['__proto__', 'constructor', 'extra', 'toString']), {
      value: edgeValue(random),
      enumerable: true,
      configurable: true,
      writable: true,
    });
    return copy;
  }
  const key = random.pick(keys);
  copy[key] = mutateOnce(copy[key], random);
  return copy;
}
