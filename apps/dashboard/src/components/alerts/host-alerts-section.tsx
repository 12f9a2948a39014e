'use client';

import { Section } from '../ui/section';
import { AlertHistory } from './alert-history';

/** The host page's alerts: what was sent about this host, what failed, what a silence held back. */
export function HostAlertsSection({ hostId }: { hostId: string }) {
  return (
    <Section title="Alerts" description="This host's alert history, newest first." testId="host-alerts">
      <AlertHistory hostId={hostId} pageSize={20} />
    </Section>
  );
}
