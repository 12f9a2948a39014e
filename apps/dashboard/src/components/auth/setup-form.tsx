'use client';

import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { signInWithEmail } from '@/lib/auth-client';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { Button } from '../ui/button';
import { ErrorAlert } from '../ui/error-alert';
import { TextField } from '../ui/text-field';
import { AuthCard } from './auth-card';

const MIN_PASSWORD = 10;

/** First start: the token printed on the server's console creates the first admin, who is then signed in. */
export function SetupForm({ setupToken }: { setupToken: string }) {
  const trpc = useTRPC();
  const createAdmin = useMutation(trpc.session.createFirstAdmin.mutationOptions());
  const [token, setToken] = useState(setupToken);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const passwordError =
    password && password.length < MIN_PASSWORD
      ? `Too short: ${password.length} of ${MIN_PASSWORD} characters.`
      : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await createAdmin.mutateAsync({
        setupToken: token.trim(),
        email: email.trim(),
        name: name.trim(),
        password,
      });
    } catch (failure) {
      setError(describeError(failure));
      return;
    }
    const signedIn = await signInWithEmail(email.trim(), password);
    if (signedIn.ok) window.location.assign('/fleet');
    else setError(`The admin was created, but signing in failed: ${signedIn.message}`);
  };

  return (
    <AuthCard title="Create the first admin">
      <p className="mb-4 text-sm text-slate-600">
        Standby has no user yet. The setup token was printed on the dashboard&apos;s console at its first
        start.
      </p>
      <form onSubmit={submit} className="space-y-4" aria-label="Create the first admin">
        <TextField
          label="Setup token"
          name="setupToken"
          required
          value={token}
          onChange={(event) => setToken(event.target.value)}
        />
        <TextField
          label="Name"
          name="name"
          required
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
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
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD}
          hint={`At least ${MIN_PASSWORD} characters.`}
          error={passwordError}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        {error ? <ErrorAlert>{error}</ErrorAlert> : null}
        <Button type="submit" variant="primary" className="w-full" disabled={createAdmin.isPending}>
          {createAdmin.isPending ? 'Creating…' : 'Create admin and sign in'}
        </Button>
      </form>
    </AuthCard>
  );
}
