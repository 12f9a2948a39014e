'use client';

import { useState } from 'react';
import { hasRole } from '@/lib/permissions';
import { useCurrentUser } from '@/lib/session';
import { CheckboxField } from '../ui/checkbox-field';
import { PageHeader } from '../ui/page-header';
import { Section } from '../ui/section';
import { ApiTokensTable } from './api-tokens-table';
import { CreateApiTokenForm } from './create-api-token-form';

/** Scoped API tokens for scripts: create (shown once), list, revoke. */
export function ApiTokensView() {
  const user = useCurrentUser();
  const isAdmin = hasRole(user, 'admin');
  const [everyone, setEveryone] = useState(false);
  return (
    <div className="space-y-6">
      <PageHeader
        title="API tokens"
        description={
          <>
            For scripts and automation: send <code>Authorization: Bearer sbt_…</code> to the REST API
            described at{' '}
            <a className="underline" href="/api/docs">
              /api/docs
            </a>
            . A token never does more than its owner may do now.
          </>
        }
      />
      <Section title="New token">
        <CreateApiTokenForm />
      </Section>
      <Section
        title={everyone ? 'Everyone’s tokens' : 'Your tokens'}
        actions={
          isAdmin ? (
            <CheckboxField
              label="Show everyone’s"
              checked={everyone}
              onChange={(event) => setEveryone(event.target.checked)}
            />
          ) : null
        }
      >
        <ApiTokensTable all={everyone} />
      </Section>
    </div>
  );
}
