'use client';

import type { ReactNode } from 'react';
import { formatDateTime } from '@/lib/format';
import { Button } from './button';
import { CopyButton } from './copy-button';

/**
 * A secret the server keeps only a hash of (an enrollment token, an API token), shown this once:
 * the value, a copy button, how to use it (`children`), and the dismissal that hides it for good.
 */
export function OneTimeSecretNotice({
  secret,
  expiresAt,
  onDismiss,
  testId,
  valueTestId,
  children,
}: {
  secret: string;
  expiresAt: Date;
  onDismiss: () => void;
  testId: string;
  valueTestId: string;
  children: ReactNode;
}) {
  return (
    <div
      className="space-y-3 rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm"
      data-testid={testId}
      role="status"
    >
      <p className="font-medium text-emerald-950">
        Copy the token now: it is shown only once. It expires {formatDateTime(expiresAt)}.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <code
          className="break-all rounded bg-white px-2 py-1 font-mono text-xs ring-1 ring-emerald-200"
          data-testid={valueTestId}
        >
          {secret}
        </code>
        <CopyButton text={secret} label="Copy token" />
      </div>
      {children}
      <Button onClick={onDismiss}>I have copied it</Button>
    </div>
  );
}

/** Preformatted usage text inside a notice. */
export function NoticeSnippet({ children }: { children: ReactNode }) {
  return (
    <pre className="overflow-x-auto rounded bg-white p-2 font-mono text-xs ring-1 ring-emerald-200">
      {children}
    </pre>
  );
}
