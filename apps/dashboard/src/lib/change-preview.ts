import type { TOptionsMap } from '@standby/protocol';

/** A host the editor targets, with the option values the preview compares against. */
export interface TEditorHost {
  id: string;
  hostname: string;
  current: TOptionsMap;
  /** `configured`: the options file as the agent last read it; `effective`: what the SIP Server uses now. */
  currentSource: 'configured' | 'effective';
}

export interface TPreviewChange {
  option: string;
  from: string | null;
  to: string;
}

export interface TPreviewRow {
  hostId: string;
  hostname: string;
  currentSource: TEditorHost['currentSource'];
  /** Empty: nothing changes on this host (the server skips it too). */
  changes: TPreviewChange[];
}

/** Per host, which values would change; like the server, a value equal to the current one is no change. */
export function previewChange(
  hosts: readonly TEditorHost[],
  values: Readonly<Record<string, string>>,
): TPreviewRow[] {
  return hosts.map((host) => ({
    hostId: host.id,
    hostname: host.hostname,
    currentSource: host.currentSource,
    changes: Object.entries(values).flatMap(([option, to]) => {
      const from = host.current[option] ?? null;
      return from === to ? [] : [{ option, from, to }];
    }),
  }));
}
