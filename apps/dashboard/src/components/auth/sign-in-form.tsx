'use client';

import { type FormEvent, useEffect, useState } from 'react';
import { signInWithEmail } from '@/lib/auth-client';
import { useSession } from '@/lib/session';
import { Button } from '../ui/button';
import { ErrorAlert } from '../ui/error-alert';
import { TextField } from '../ui/text-field';
import { AuthCard } from './auth-card';

/** Email and password against better-auth; on success a full load of `next` (already a safe local path). */
export function SignInForm({ next }: { next: string }) {
  const session = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const signedIn = session.status === 'signed-in';

  useEffect(() => {
    if (signedIn) window.location.replace(next);
  }, [signedIn, next]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await signInWithEmail(email.trim(), password);
    if (result.ok) {
      window.location.assign(next);
      return;
    }
    setBusy(false);
    setError(result.message);
  };

  return (
    <AuthCard title="Sign in to Standby">
      {session.status === 'signed-out' && session.needsSetup ? (
        <p className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          No account exists yet. Open the setup link the dashboard printed on its console (
          <code>/setup?token=…</code>) to create the first admin.
        </p>
      ) : null}
      <form onSubmit={submit} className="space-y-4" aria-label="Sign in">
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        {error ? <ErrorAlert testId="sign-in-error">{error}</ErrorAlert> : null}
        <Button type="submit" variant="primary" className="w-full" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
    </AuthCard>
  );
}
