'use client';

import type { TFleetHost } from '@standby/protocol';
import { useMemo } from 'react';
import type { TEditorHost } from '@/lib/change-preview';
import { OptionsEditor } from '../options/options-editor';
import { Button } from '../ui/button';
import { Section } from '../ui/section';

/** The options editor for the hosts ticked on the fleet page. */
export function FleetSelectionEditor({ selected, onClose }: { selected: TFleetHost[]; onClose: () => void }) {
  const hosts = useMemo(
    () =>
      selected.map(
        (host): TEditorHost => ({
          id: host.id,
          hostname: host.hostname,
          current: host.effectiveOptions,
          currentSource: 'effective',
        }),
      ),
    [selected],
  );
  const target = useMemo(
    () => ({ kind: 'hosts' as const, hostIds: selected.map((host) => host.id) }),
    [selected],
  );
  return (
    <Section
      title={`Change options of ${selected.length} selected host${selected.length === 1 ? '' : 's'}`}
      description="The preview is the server’s dry run for every selected host: each host’s options file, changes still queued for it, and the findings the new values would raise."
      actions={<Button onClick={onClose}>Close editor</Button>}
      testId="fleet-options-editor"
    >
      <OptionsEditor target={target} hosts={hosts} />
    </Section>
  );
}
