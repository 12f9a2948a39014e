'use client';

import { API_TOKEN_MAX_DAYS, API_TOKEN_SCOPES, type TApiTokenScope } from '@standby/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { hasRole, type TRole } from '@/lib/permissions';
import { useCurrentUser } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { Button } from '../ui/button';
import { ErrorAlert } from '../ui/error-alert';
import { SelectField } from '../ui/select-field';
import { TextField } from '../ui/text-field';
import { NewApiTokenNotice } from './new-api-token-notice';

/** The role each scope needs: the form offers only what the owner may hold (the server checks again). */
const SCOPE_ROLE: Record<TApiTokenScope, TRole> = { read: 'viewer', operate: 'operator', admin: 'admin' };

export function CreateApiTokenForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const user = useCurrentUser();
  const isAdmin = hasRole(user, 'admin');
  const users = useQuery({ ...trpc.admin.users.queryOptions(), enabled: isAdmin });
  const [name, setName] = useState('');
  const [scope, setScope] = useState<TApiTokenScope>('read');
  const [days, setDays] = useState('90');
  const [pairs, setPairs] = useState('');
  const [ownerId, setOwnerId] = useState('');
  const create = useMutation(
    trpc.tokens.create.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries(trpc.tokens.list.pathFilter()),
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({
      name: name.trim(),
      scope,
      expiresInDays: Number(days),
      pairIds: pairs
        .split(/[\s,]+/)
        .map((id) => id.trim())
        .filter(Boolean),
      ...(ownerId ? { ownerId } : {}),
    });
  };
  if (create.data)
    return (
      <NewApiTokenNotice
        token={create.data.token}
        expiresAt={create.data.expiresAt}
        onDismiss={() => create.reset()}
      />
    );
  return (
    <form
      onSubmit={submit}
      className="grid gap-3 sm:grid-cols-3 sm:items-end"
      aria-label="Create an API token"
    >
      <TextField
        label="Name"
        placeholder="e.g. CMDB sync"
        required
        maxLength={120}
        value={name}
        onChange={(event) => setName(event.target.value)}
      />
      <SelectField
        label="Scope"
        value={scope}
        onChange={(event) => setScope(event.target.value as TApiTokenScope)}
      >
        {API_TOKEN_SCOPES.filter((option) => hasRole(user, SCOPE_ROLE[option])).map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </SelectField>
      <TextField
        label="Expires in (days)"
        type="number"
        min={1}
        max={API_TOKEN_MAX_DAYS}
        required
        value={days}
        onChange={(event) => setDays(event.target.value)}
      />
      <TextField
        label="Only these pairs (ids, optional)"
        placeholder="every host when empty"
        value={pairs}
        onChange={(event) => setPairs(event.target.value)}
      />
      {isAdmin ? (
        <SelectField label="Owner" value={ownerId} onChange={(event) => setOwnerId(event.target.value)}>
          <option value="">me</option>
          {(users.data ?? [])
            .filter((other) => other.id !== user?.id && !other.disabled)
            .map((other) => (
              <option key={other.id} value={other.id}>
                {other.email} ({other.role})
              </option>
            ))}
        </SelectField>
      ) : null}
      <Button type="submit" variant="primary" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create token'}
      </Button>
      {create.error ? (
        <div className="sm:col-span-3">
          <ErrorAlert>{describeError(create.error)}</ErrorAlert>
        </div>
      ) : null}
    </form>
  );
}
