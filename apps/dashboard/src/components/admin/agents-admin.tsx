'use client';

import { AgentVersionSkew } from '../agent-version-skew';
import { PageHeader } from '../ui/page-header';
import { Section } from '../ui/section';
import { AgentsTable } from './agents-table';
import { CreateTokenForm } from './create-token-form';
import { TokensTable } from './tokens-table';

export function AgentsAdmin() {
  return (
    <div className="space-y-5">
      <PageHeader
        title="Agents"
        description="Enrollment tokens let new agents join; each agent then has its own credential, which can be revoked."
      />
      <Section title="New enrollment token">
        <CreateTokenForm />
      </Section>
      <Section title="Enrollment tokens">
        <TokensTable />
      </Section>
      <Section title="Enrolled agents">
        <AgentVersionSkew />
        <AgentsTable />
      </Section>
    </div>
  );
}
