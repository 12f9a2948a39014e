'use client';

import { OPTION_SECTION, TAKES_EFFECT_TEXT } from '@standby/domain';
import type { THostDetail } from '@standby/protocol';
import { useMemo, useState } from 'react';
import type { TEditorHost } from '@/lib/change-preview';
import { OptionsEditor } from '../options/options-editor';
import { Button } from '../ui/button';
import { Section } from '../ui/section';
import { HostOptionsTable } from './host-options-table';

/** The host's options, and for operators the editor for this one host. */
export function HostOptionsSection({ host, canEdit }: { host: THostDetail['host']; canEdit: boolean }) {
  const [editing, setEditing] = useState(false);
  const editorHosts = useMemo<TEditorHost[]>(
    () => [
      { id: host.id, hostname: host.hostname, current: host.configuredOptions, currentSource: 'configured' },
    ],
    [host.id, host.hostname, host.configuredOptions],
  );
  return (
    <Section
      title="Options"
      description={`[${OPTION_SECTION}] section. ${TAKES_EFFECT_TEXT}`}
      actions={
        canEdit ? (
          <Button onClick={() => setEditing((open) => !open)} aria-expanded={editing}>
            {editing ? 'Close editor' : 'Edit options'}
          </Button>
        ) : null
      }
    >
      <HostOptionsTable configured={host.configuredOptions} effective={host.effectiveOptions} />
      {canEdit && editing ? (
        <div className="mt-4 border-t border-slate-200 pt-2">
          <OptionsEditor target={{ kind: 'hosts', hostIds: [host.id] }} hosts={editorHosts} />
        </div>
      ) : null}
    </Section>
  );
}
