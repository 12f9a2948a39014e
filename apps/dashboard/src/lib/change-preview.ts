import type { TOptionsMap } from '@standby/protocol';

/** A host the editor targets, with its current values (shown beside the fields when it is the only one). */
export interface TEditorHost {
  id: string;
  hostname: string;
  current: TOptionsMap;
  /** `configured`: the options file as the agent last read it; `effective`: what the SIP Server uses now. */
  currentSource: 'configured' | 'effective';
}
