'use client';

import { useQuery } from '@tanstack/react-query';
import { useCurrentUser } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { ErrorAlert } from '../ui/error-alert';
import { PageHeader } from '../ui/page-header';
import { Section } from '../ui/section';
import { CreateUserForm } from './create-user-form';
import { UserRow } from './user-row';

export function UsersAdmin() {
  const trpc = useTRPC();
  const me = useCurrentUser();
  const users = useQuery(trpc.admin.users.queryOptions());
  return (
    <div className="space-y-5">
      <PageHeader
        title="Users"
        description="Who may sign in, and with which role. A change ends the user's sessions."
      />
      <Section title="New user">
        <CreateUserForm />
      </Section>
      <Section title="Users">
        {users.isError ? (
          <ErrorAlert>Could not load the users: {describeError(users.error)}</ErrorAlert>
        ) : null}
        {users.data ? (
          <div className="overflow-x-auto">
            <table className="min-w-full text-sm" data-testid="users-table">
              <caption className="sr-only">Users</caption>
              <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  {['User', 'Role', 'State', 'Created', 'Actions'].map((column) => (
                    <th key={column} scope="col" className="px-3 py-2">
                      {column}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {users.data.map((user) => (
                  <UserRow key={user.id} user={user} isSelf={user.id === me?.id} />
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </Section>
    </div>
  );
}
