'use client';

import type { TFleetHost } from '@standby/protocol';
import { CONFIGURED_PREVIEW_MAX, useSelectionEditorHosts } from '@/lib/use-selection-editor-hosts';
import { OptionsEditor } from '../options/options-editor';
import { Button } from '../ui/button';
import { Section } from '../ui/section';

/** The options editor for the hosts ticked on the fleet page. */
export function FleetSelectionEditor({ selected, onClose }: { selected: TFleetHost[]; onClose: () => void }) {
  const { hosts } = useSelectionEditorHosts(selected);
  return (
    <Section
      title={`Change options of ${selected.length} selected host${selected.length === 1 ? '' : 's'}`}
      description={
        selected.length > CONFIGURED_PREVIEW_MAX
          ? `The preview compares with the configured values of the first ${CONFIGURED_PREVIEW_MAX} hosts and with the effective values of the others; the server skips every host that already has the values.`
          : 'The preview compares with each host’s configured values.'
      }
      actions={<Button onClick={onClose}>Close editor</Button>}
      testId="fleet-options-editor"
    >
      <OptionsEditor target={{ kind: 'hosts', hostIds: selected.map((host) => host.id) }} hosts={hosts} />
    </Section>
  );
}
