'use client';

import Link from 'next/link';
import { useHasRole } from '@/lib/session';
import { buttonClasses } from '../ui/button-styles';
import { PageHeader } from '../ui/page-header';
import { Section } from '../ui/section';
import { AlertHistory } from './alert-history';
import { ChannelsSection } from './channels-section';
import { RulesSection } from './rules-section';
import { SilencesSection } from './silences-section';

/**
 * Alerts for everyone: silences now and ahead (operators create and end them), the fleet's alert history,
 * and (read-only, for non-admins) the channels and rules.
 */
export function AlertsView() {
  const isAdmin = useHasRole('admin');
  const canSilence = useHasRole('operator');
  return (
    <div className="space-y-5">
      <PageHeader
        title="Alerts"
        description="What was sent, to which channel, what failed and what a silence held back."
        actions={
          isAdmin ? (
            <Link href="/admin/alerts" className={buttonClasses('secondary')}>
              Channels and rules
            </Link>
          ) : null
        }
      />
      <SilencesSection canManage={canSilence} />
      <Section
        title="History"
        description="Newest first. Each entry links to its host."
        testId="alert-history"
      >
        <AlertHistory />
      </Section>
      {/* Admins edit these on the settings page; everyone else reads where alerts go. */}
      {isAdmin ? null : (
        <>
          <ChannelsSection canManage={false} />
          <RulesSection canManage={false} />
        </>
      )}
    </div>
  );
}
