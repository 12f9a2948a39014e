import { z } from 'zod';

/**
 * What makes a string unstorable or unsafe to pass on: PostgreSQL text cannot hold U+0000, and a lone
 * UTF-16 surrogate has no UTF-8 form (it would be written as U+FFFD, or refused by the driver).
 * Returns a short description of the first problem, or undefined when the text is fine.
 */
export function findUnsafeText(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit === 0) return `contains a NUL character (U+0000) at position ${i}`;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return `contains a lone UTF-16 surrogate at position ${i} (not valid Unicode)`;
    }
    if (unit >= 0xdc00 && unit <= 0xdfff)
      return `contains a lone UTF-16 surrogate at position ${i} (not valid Unicode)`;
  }
  return undefined;
}

/**
 * A string that can be stored and shown: no NUL, no lone surrogate. Refused with a message naming the
 * problem (zod adds the field's path). Pass `max` for a length bound (in UTF-16 units, as zod counts).
 */
export function zSafeText(max?: number) {
  const base = max === undefined ? z.string() : z.string().max(max);
  return base.superRefine((text, context) => {
    const problem = findUnsafeText(text);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });
}

/** Replaces NUL and lone surrogates with U+FFFD: for free text that must be kept rather than refused. */
export function sanitizeText(text: string): string {
  if (findUnsafeText(text) === undefined) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += text[i]! + text[i + 1]!;
      i++;
    } else if (unit === 0 || (unit >= 0xd800 && unit <= 0xdfff)) out += '\ufffd';
    else out += text[i]!;
  }
  return out;
}

/** Cuts text to at most `max` characters (the last one an ellipsis when cut), never splitting a surrogate pair. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}
