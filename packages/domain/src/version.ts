/** A SIP Server version: four non-negative integers. */
export type TVersion = readonly [number, number, number, number];

export type TVersionParseResult = { ok: true; version: TVersion } | { ok: false; reason: string };

/** First SIP Server version with the backup initialization check (rule `check-needs-8.1.103.64`). */
const MIN_CHECK_VERSION_PARTS: TVersion = [8, 1, 103, 64];
/** The same version as people read it: every message about the version gate says this. */
export const MIN_CHECK_VERSION = formatVersion(MIN_CHECK_VERSION_PARTS);
const DECIMAL_DIGITS = /^\d+$/;

/** Parses "a.b.c.d" (surrounding whitespace ignored); anything else is invalid, with the reason. */
export function parseVersion(raw: string): TVersionParseResult {
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'version is empty' };
  const parts = text.split('.');
  if (parts.length !== 4) {
    return {
      ok: false,
      reason: `"${raw}" has ${parts.length} part(s); expected four dot-separated integers (a.b.c.d)`,
    };
  }
  const numbers: number[] = [];
  for (const [index, part] of parts.entries()) {
    const value = Number(part);
    if (!DECIMAL_DIGITS.test(part) || !Number.isSafeInteger(value)) {
      return { ok: false, reason: `"${raw}": part ${index + 1} ("${part}") is not a non-negative integer` };
    }
    numbers.push(value);
  }
  const [a = 0, b = 0, c = 0, d = 0] = numbers;
  return { ok: true, version: [a, b, c, d] };
}

/** Compares part by part as integers, so 8.1.103.64 < 8.1.103.100 (a string compare says otherwise). */
export function compareVersions(a: TVersion, b: TVersion): -1 | 0 | 1 {
  for (let index = 0; index < 4; index++) {
    const left = a[index] ?? 0;
    const right = b[index] ?? 0;
    if (left !== right) return left < right ? -1 : 1;
  }
  return 0;
}

export function formatVersion(version: TVersion): string {
  return version.join('.');
}

/** True from 8.1.103.64 on; false for older or unparseable versions (the check cannot be assumed). */
export function supportsBackupInitCheck(version: string | TVersion): boolean {
  const parsed = typeof version === 'string' ? parseVersion(version) : { ok: true as const, version };
  return parsed.ok && compareVersions(parsed.version, MIN_CHECK_VERSION_PARTS) >= 0;
}
