'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { TRole } from '@/lib/permissions';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { Button } from '../ui/button';
import { ErrorAlert } from '../ui/error-alert';
import { SelectField } from '../ui/select-field';
import { TextField } from '../ui/text-field';
import { RoleOptions } from './role-options';

const MIN_PASSWORD = 10;

export function CreateUserForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<TRole>('viewer');
  const [created, setCreated] = useState<string | null>(null);
  const create = useMutation(
    trpc.admin.createUser.mutationOptions({
      onSuccess: () => {
        setCreated(email.trim());
        setEmail('');
        setName('');
        setPassword('');
        void queryClient.invalidateQueries(trpc.admin.users.pathFilter());
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    create.mutate({ email: email.trim(), name: name.trim(), password, role });
  };
  return (
    <form
      onSubmit={submit}
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5 lg:items-end"
      aria-label="Create a user"
    >
      <TextField
        label="Email"
        type="email"
        required
        value={email}
        onChange={(event) => setEmail(event.target.value)}
      />
      <TextField label="Name" required value={name} onChange={(event) => setName(event.target.value)} />
      <TextField
        label="Initial password"
        type="password"
        autoComplete="new-password"
        required
        minLength={MIN_PASSWORD}
        error={password && password.length < MIN_PASSWORD ? `At least ${MIN_PASSWORD} characters.` : null}
        value={password}
        onChange={(event) => setPassword(event.target.value)}
      />
      <SelectField label="Role" value={role} onChange={(event) => setRole(event.target.value as TRole)}>
        <RoleOptions />
      </SelectField>
      <Button type="submit" variant="primary" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create user'}
      </Button>
      <div className="sm:col-span-2 lg:col-span-5" aria-live="polite">
        {create.error ? <ErrorAlert>{describeError(create.error)}</ErrorAlert> : null}
        {created ? (
          <p className="text-sm text-emerald-800">Created {created}. Give them the password.</p>
        ) : null}
      </div>
    </form>
  );
}
