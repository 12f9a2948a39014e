'use client';

import { useQuery } from '@tanstack/react-query';
import { useCurrentUser } from '@/lib/session';
import { useTRPC } from '@/lib/trpc';
import { describeError } from '@/lib/trpc-errors';
import { DataTable } from '../ui/data-table';
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
            <DataTable
              caption="Users"
              columns={['User', 'Role', 'State', 'Created', 'Actions'].map((label) => ({ label }))}
              testId="users-table"
            >
              <tbody className="divide-y divide-slate-100">
                {users.data.map((user) => (
                  <UserRow key={user.id} user={user} isSelf={user.id === me?.id} />
                ))}
              </tbody>
            </DataTable>
          </div>
        ) : null}
      </Section>
    </div>
  );
}
