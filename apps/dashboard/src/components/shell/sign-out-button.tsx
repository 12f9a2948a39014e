'use client';

import { useState } from 'react';
import { signOut } from '@/lib/auth-client';
import { Button } from '../ui/button';

export function SignOutButton() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <Button
        variant="ghost"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          const result = await signOut();
          if (result.ok) {
            // A full load: nothing of this user's data stays in memory.
            window.location.assign('/sign-in');
            return;
          }
          setBusy(false);
          setError(result.message);
        }}
      >
        Sign out
      </Button>
      {error ? (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </>
  );
}
