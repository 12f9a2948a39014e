import { describe, expect, it } from 'vitest';
import { compareAgentVersions, summarizeAgentVersions } from './agent-versions';

describe('agent version skew', () => {
  it('orders versions part by part as numbers, a pre-release below its release', () => {
    const sorted = ['0.9.2', '0.10.0', '0.5.0', '1.0.0-rc.1', '1.0.0'].sort(compareAgentVersions);
    expect(sorted).toEqual(['0.5.0', '0.9.2', '0.10.0', '1.0.0-rc.1', '1.0.0']);
  });

  it('counts the agents behind the newest version, newest first', () => {
    const summary = summarizeAgentVersions([
      { version: '0.1.0', agents: 2 },
      { version: '0.10.0', agents: 14 },
      { version: '0.9.0', agents: 1 },
      { version: null, agents: 3 },
    ]);
    expect(summary.newest).toBe('0.10.0');
    expect(summary.versions.map((entry) => entry.version)).toEqual(['0.10.0', '0.9.0', '0.1.0']);
    expect(summary.behind).toBe(3);
    expect(summary.unreported).toBe(3);
    expect(summary.versions[0]?.behindNewest).toBe(false);
  });

  it('a fleet on one version has no skew', () => {
    const summary = summarizeAgentVersions([{ version: '0.5.0', agents: 16 }]);
    expect(summary).toEqual({
      newest: '0.5.0',
      versions: [{ version: '0.5.0', agents: 16, behindNewest: false }],
      behind: 0,
      unreported: 0,
    });
  });
});
