'use client';

import { NoticeSnippet, OneTimeSecretNotice } from '../ui/one-time-secret-notice';

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
    <OneTimeSecretNotice
      secret={token}
      expiresAt={expiresAt}
      onDismiss={onDismiss}
      testId="new-token"
      valueTestId="token-value"
    >
      <p className="text-emerald-950">
        Put this single line in the agent&apos;s token file — the file named by{' '}
        <code>dashboard.tokenFile</code> in its <code>agent.yaml</code> (mode 0600). At its first connection
        the agent exchanges it for its own credential:
      </p>
      <NoticeSnippet>{token}</NoticeSnippet>
      <p className="text-emerald-950">and in agent.yaml:</p>
      <NoticeSnippet>{`dashboard:\n  url: ${origin || 'https://standby.example'}\n  tokenFile: agent.token`}</NoticeSnippet>
    </OneTimeSecretNotice>
  );
}
