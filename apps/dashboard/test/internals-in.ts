import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** What an answer must never show: stack frames, server paths, database text. Names the first found. */
export function internalsIn(body: string): string | null {
  const patterns: [string, RegExp][] = [
    ['stack', /"stack"|\bstack\b/i],
    ['stack frame', /\n\s+at |\bat [\w$.<>]+ \(/],
    ['server path', new RegExp(ROOT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))],
    ['source file', /node_modules|\.ts:\d+|\.m?js:\d+/],
    ['database text', /prisma|postgres|byte sequence|invalid input syntax|out of range for type/i],
  ];
  for (const [what, pattern] of patterns) if (pattern.test(body)) return what;
  return null;
}
