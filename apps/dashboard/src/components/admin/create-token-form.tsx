'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { Button } from '../ui/button';
import { ErrorAlert } from '../ui/error-alert';
import { TextField } from '../ui/text-field';
import { NewTokenNotice } from './new-token-notice';

export function CreateTokenForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [label, setLabel] = useState('');
  const [hours, setHours] = useState('24');
  const [maxUses, setMaxUses] = useState('1');
  const create = useMutation(
    trpc.admin.createEnrollmentToken.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries(trpc.admin.enrollmentTokens.pathFilter()),
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ label: label.trim() || null, expiresInHours: Number(hours), maxUses: Number(maxUses) });
  };
  if (create.data)
    return (
      <NewTokenNotice
        token={create.data.token}
        expiresAt={create.data.expiresAt}
        onDismiss={() => create.reset()}
      />
    );
  return (
    <form
      onSubmit={submit}
      className="grid gap-3 sm:grid-cols-4 sm:items-end"
      aria-label="Create an enrollment token"
    >
      <TextField
        label="Label"
        placeholder="e.g. Paris site"
        maxLength={120}
        value={label}
        onChange={(event) => setLabel(event.target.value)}
      />
      <TextField
        label="Expires in (hours)"
        type="number"
        min={1}
        max={24 * 90}
        required
        value={hours}
        onChange={(event) => setHours(event.target.value)}
      />
      <TextField
        label="Agents it may enroll"
        type="number"
        min={1}
        max={100_000}
        required
        value={maxUses}
        onChange={(event) => setMaxUses(event.target.value)}
      />
      <Button type="submit" variant="primary" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create token'}
      </Button>
      {create.error ? (
        <div className="sm:col-span-4">
          <ErrorAlert>{describeError(create.error)}</ErrorAlert>
        </div>
      ) : null}
    </form>
  );
}
