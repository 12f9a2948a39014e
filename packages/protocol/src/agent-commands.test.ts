import { describe, expect, it } from 'vitest';
import { MAX_COMMAND_REASON_LENGTH, ZCommandAckSchema } from './agent-commands';

describe('command acks: any reason is accepted, cut to what is stored', () => {
  it('a 5,000-character reason is cut to 1,000 ending in an ellipsis', () => {
    const parsed = ZCommandAckSchema.parse({
      commandId: '7',
      outcome: 'rejected',
      reason: 'r'.repeat(5_000),
    });
    expect(parsed.reason).toHaveLength(MAX_COMMAND_REASON_LENGTH);
    expect(parsed.reason?.endsWith('…')).toBe(true);
  });

  it('NUL and lone surrogates in a reason are replaced, not refused', () => {
    const parsed = ZCommandAckSchema.parse({
      commandId: '7',
      outcome: 'failed',
      reason: 'disk\u0000full\ud800',
    });
    expect(parsed.reason).toBe('disk\ufffdfull\ufffd');
  });

  it('a short reason and no reason are kept as they are', () => {
    expect(ZCommandAckSchema.parse({ commandId: '7', outcome: 'rejected', reason: 'no' }).reason).toBe('no');
    expect(ZCommandAckSchema.parse({ commandId: '7', outcome: 'applied' }).reason).toBeNull();
  });
});
