import type { TCheckResult, TComponentResult } from '@standby/protocol';
import { describe, expect, it } from 'vitest';
import { StartupRecord } from './startup-record';

const run = (runId: string, components: Pick<TComponentResult, 'name' | 'state' | 'readyAfterMs'>[]) =>
  ({ runId, components: components.map((c) => ({ ...c, detail: null })) }) as unknown as TCheckResult;

describe('StartupRecord', () => {
  it('counts a run by its slowest component, and a timed-out run once its late component was seen ready', () => {
    const record = new StartupRecord();
    record.finished(
      run('fast', [
        { name: 't-controller', state: 'ready', readyAfterMs: 400 },
        { name: 'operational-info', state: 'ready', readyAfterMs: 2_200 },
      ]),
    );
    record.finished(
      run('slow', [
        { name: 't-controller', state: 'ready', readyAfterMs: 400 },
        { name: 'operational-info', state: 'timeout', readyAfterMs: null },
      ]),
    );
    expect(record.durationsMs).toEqual([2_200]);
    record.lateReady('slow', 'operational-info', 25_000);
    expect(record.durationsMs).toEqual([2_200, 25_000]);
    record.lateReady('unknown-run', 'operational-info', 99_000);
    expect(record.durationsMs).toEqual([2_200, 25_000]);
  });

  it('leaves out runs that measured nothing (check off, not applicable)', () => {
    const record = new StartupRecord();
    record.finished(run('skipped', [{ name: 't-controller', state: 'skipped', readyAfterMs: null }]));
    expect(record.durationsMs).toEqual([]);
  });
});
