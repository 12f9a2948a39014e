'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { formatDateTime } from '@/lib/format';
import type { TRole } from '@/lib/permissions';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import type { RouterOutputs } from '@/lib/trpc-types';
import { Button } from '../ui/button';
import { ConfirmButton } from '../ui/confirm-button';
import { INPUT_CLASSES } from '../ui/text-field';
import { ToneBadge } from '../ui/tone-badge';
import { RoleOptions } from './role-options';

type TUser = RouterOutputs['admin']['users'][number];

/** One user: change the role or disable them (their sessions end at once); nobody can demote themselves. */
export function UserRow({ user, isSelf }: { user: TUser; isSelf: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(
    trpc.admin.updateUser.mutationOptions({
      onSettled: () => void queryClient.invalidateQueries(trpc.admin.users.pathFilter()),
    }),
  );
  return (
    <tr data-testid="user-row" data-email={user.email}>
      <td className="px-3 py-2">
        <div className="font-medium">{user.email}</div>
        <div className="text-xs text-slate-500">
          {user.name}
          {isSelf ? ' (you)' : ''}
        </div>
      </td>
      <td className="px-3 py-2">
        <label className="sr-only" htmlFor={`role-${user.id}`}>
          Role of {user.email}
        </label>
        <select
          id={`role-${user.id}`}
          className={INPUT_CLASSES}
          value={user.role}
          disabled={isSelf || update.isPending}
          onChange={(event) => {
            const role = event.target.value as TRole;
            // A role change signs the user out everywhere: no change by a stray keystroke.
            if (window.confirm(`Make ${user.email} ${role}? Their sessions end now.`))
              update.mutate({ userId: user.id, role });
          }}
        >
          <RoleOptions />
        </select>
      </td>
      <td className="px-3 py-2">
        {user.disabled ? (
          <ToneBadge tone="danger">disabled</ToneBadge>
        ) : (
          <ToneBadge tone="success">active</ToneBadge>
        )}
      </td>
      <td className="px-3 py-2 text-xs text-slate-600">{formatDateTime(user.createdAt)}</td>
      <td className="px-3 py-2">
        {isSelf ? null : user.disabled ? (
          <Button
            onClick={() => update.mutate({ userId: user.id, disabled: false })}
            disabled={update.isPending}
          >
            Enable
          </Button>
        ) : (
          <ConfirmButton
            label="Disable"
            confirmLabel="Disable"
            question={`Disable ${user.email}? Their sessions end now.`}
            disabled={update.isPending}
            onConfirm={() => update.mutate({ userId: user.id, disabled: true })}
          />
        )}
        {update.error ? (
          <p role="alert" className="mt-1 text-xs text-red-700">
            {describeError(update.error)}
          </p>
        ) : null}
      </td>
    </tr>
  );
}
