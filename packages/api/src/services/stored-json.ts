import { type TFinding, type TOptionsMap, ZFindingSchema, ZOptionsMapSchema } from '@standby/protocol';

// Json columns are typed `unknown` by Prisma; these read them defensively, so that one odd row (written by
// an older ingest, or by hand) shows as missing data rather than failing a whole fleet page.

export function readOptionsMap(value: unknown): TOptionsMap {
  const parsed = ZOptionsMapSchema.safeParse(value);
  return parsed.success ? parsed.data : {};
}

/** Keeps the well-formed findings of a stored array, with the fields the protocol knows. */
export function readStoredFindings(value: unknown): TFinding[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const parsed = ZFindingSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

/** The strings of a stored array (run reasons); anything else is dropped. */
export function readStringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
