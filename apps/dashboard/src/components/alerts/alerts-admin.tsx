'use client';

import Link from 'next/link';
import { useHasRole } from '@/lib/session';
import { buttonClasses } from '../ui/button-styles';
import { PageHeader } from '../ui/page-header';
import { ChannelsSection } from './channels-section';
import { DeliveriesSection } from './deliveries-section';
import { RulesSection } from './rules-section';
import { SilencesSection } from './silences-section';

/** Admin → Alerts: where notices go (channels), what goes where (rules), and maintenance windows. */
export function AlertsAdmin() {
  const isAdmin = useHasRole('admin');
  const canSilence = useHasRole('operator');
  return (
    <div className="space-y-5">
      <PageHeader
        title="Alert settings"
        description="Channels, the rules that route each condition to them, and silences for maintenance."
        actions={
          <Link href="/alerts" className={buttonClasses('secondary')}>
            Alert history
          </Link>
        }
      />
      <ChannelsSection canManage={isAdmin} />
      <RulesSection canManage={isAdmin} />
      <SilencesSection canManage={canSilence} />
      <DeliveriesSection canRetry={isAdmin} />
    </div>
  );
}
