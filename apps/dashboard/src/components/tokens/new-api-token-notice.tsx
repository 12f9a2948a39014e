'use client';

import { formatDateTime } from '@/lib/format';
import { CopyButton } from '../admin/copy-button';
import { Button } from '../ui/button';

/** The new API token, shown this once (only its hash is kept), with a first call to try it. */
export function NewApiTokenNotice({
  token,
  expiresAt,
  onDismiss,
}: {
  token: string;
  expiresAt: Date;
  onDismiss: () => void;
}) {
  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  return (
    <div
      className="space-y-3 rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm"
      data-testid="new-api-token"
      role="status"
    >
      <p className="font-medium text-emerald-950">
        Copy the token now: it is shown only once. It expires {formatDateTime(expiresAt)}.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <code
          className="break-all rounded bg-white px-2 py-1 font-mono text-xs ring-1 ring-emerald-200"
          data-testid="api-token-value"
        >
          {token}
        </code>
        <CopyButton text={token} label="Copy token" />
      </div>
      <p className="text-emerald-950">Keep it out of shell history and logs; try it with:</p>
      <pre className="overflow-x-auto rounded bg-white p-2 font-mono text-xs ring-1 ring-emerald-200">
        {`curl -H "Authorization: Bearer $STANDBY_TOKEN" ${origin || 'https://standby.example'}/api/v1/me`}
      </pre>
      <Button onClick={onDismiss}>I have copied it</Button>
    </div>
  );
}
