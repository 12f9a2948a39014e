'use client';

import type { TAlertChannelTestResult } from '@standby/protocol';
import { formatDuration } from '@/lib/format';
import { describeError } from '@/lib/trpc-errors';

/** What the receiver answered to a test notice: accepted, or its refusal as it came (secrets scrubbed by the server). */
export function ChannelTestResult({
  test,
}: {
  test: { data?: TAlertChannelTestResult | undefined; error: unknown };
}) {
  return (
    <div aria-live="polite" className="text-xs">
      {test.data ? (
        test.data.ok ? (
          <p className="text-emerald-800" data-testid="channel-test-result" data-ok="true">
            Test delivered: the receiver accepted it ({formatDuration(test.data.durationMs)}).
          </p>
        ) : (
          <p className="text-red-700" data-testid="channel-test-result" data-ok="false">
            Test failed: {test.data.error}
            {test.data.retryable ? ' (a retry might succeed)' : ''}
          </p>
        )
      ) : null}
      {test.error ? (
        <p className="text-red-700" data-testid="channel-test-result" data-ok="false">
          Test not sent: {describeError(test.error)}
        </p>
      ) : null}
    </div>
  );
}
