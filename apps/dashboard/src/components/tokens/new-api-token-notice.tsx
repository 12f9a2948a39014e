'use client';

import { NoticeSnippet, OneTimeSecretNotice } from '../ui/one-time-secret-notice';

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
    <OneTimeSecretNotice
      secret={token}
      expiresAt={expiresAt}
      onDismiss={onDismiss}
      testId="new-api-token"
      valueTestId="api-token-value"
    >
      <p className="text-emerald-950">Keep it out of shell history and logs; try it with:</p>
      <NoticeSnippet>
        {`curl -H "Authorization: Bearer $STANDBY_TOKEN" ${origin || 'https://standby.example'}/api/v1/me`}
      </NoticeSnippet>
    </OneTimeSecretNotice>
  );
}
