'use client';

import { formatDateTime } from '@/lib/format';
import { Button } from '../ui/button';
import { CopyButton } from './copy-button';

/** The new enrollment token, shown this once (the server keeps only a hash), with where to put it. */
export function NewTokenNotice({
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
      data-testid="new-token"
      role="status"
    >
      <p className="font-medium text-emerald-950">
        Copy the token now: it is shown only once. It expires {formatDateTime(expiresAt)}.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <code
          className="break-all rounded bg-white px-2 py-1 font-mono text-xs ring-1 ring-emerald-200"
          data-testid="token-value"
        >
          {token}
        </code>
        <CopyButton text={token} label="Copy token" />
      </div>
      <p className="text-emerald-950">
        Put this single line in the agent&apos;s token file — the file named by{' '}
        <code>dashboard.tokenFile</code> in its <code>agent.yaml</code> (mode 0600). At its first connection
        the agent exchanges it for its own credential:
      </p>
      <pre className="overflow-x-auto rounded bg-white p-2 font-mono text-xs ring-1 ring-emerald-200">
        {token}
      </pre>
      <p className="text-emerald-950">and in agent.yaml:</p>
      <pre className="overflow-x-auto rounded bg-white p-2 font-mono text-xs ring-1 ring-emerald-200">
        {`dashboard:\n  url: ${origin || 'https://standby.example'}\n  tokenFile: agent.token`}
      </pre>
      <Button onClick={onDismiss}>I have copied it</Button>
    </div>
  );
}
