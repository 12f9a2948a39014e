import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULE_IDS } from './rules';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const rulesDoc = readFileSync(path.join(repoRoot, 'docs/RULES.md'), 'utf8');

describe('docs/RULES.md: every rule id the code cites is documented with an owner that exists', () => {
  const rowIds = [...rulesDoc.matchAll(/^\|\s*`([^`]+)`\s*\|/gm)].map((match) => match[1]);

  it.each(RULE_IDS)('%s has a row', (id) => {
    expect(rowIds).toContain(id);
  });

  it('every file the document names as an owner or a test exists', () => {
    const paths = [...rulesDoc.matchAll(/`((?:apps|packages)\/[^`\s]+?)`/g)].map((match) => match[1]!);
    expect(paths.length).toBeGreaterThan(20);
    const missing = paths.filter((file) => !existsSync(path.join(repoRoot, file)));
    expect(missing).toEqual([]);
  });
});
