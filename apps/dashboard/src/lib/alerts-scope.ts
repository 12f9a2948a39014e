import type { TAlertScope } from '@standby/protocol';

/** A host or pair picked in a form: its id (what is sent) and a name to show. */
export interface TPicked {
  id: string;
  label: string;
}

export const SCOPE_KINDS = ['fleet', 'pairs', 'hosts'] as const;
export type TScopeKind = (typeof SCOPE_KINDS)[number];

export const SCOPE_KIND_LABELS: Readonly<Record<TScopeKind, string>> = {
  fleet: 'Whole fleet',
  pairs: 'HA pairs',
  hosts: 'Hosts',
};

/** Which hosts a rule or silence covers, as a form holds it. */
export interface TScopeDraft {
  kind: TScopeKind;
  pairs: TPicked[];
  hosts: TPicked[];
}

export const FLEET_SCOPE_DRAFT: TScopeDraft = { kind: 'fleet', pairs: [], hosts: [] };

/** The scope as the server's schema takes it (ZAlertScopeSchema), before validation. */
export function scopeFromDraft(draft: TScopeDraft): Record<string, unknown> {
  switch (draft.kind) {
    case 'fleet':
      return { kind: 'fleet' };
    case 'pairs':
      return { kind: 'pairs', pairIds: draft.pairs.map((pair) => pair.id) };
    case 'hosts':
      return { kind: 'hosts', hostIds: draft.hosts.map((host) => host.id) };
  }
}

/** A stored scope back into a form; names come from `names` (id ⇒ name) where known. */
export function draftFromScope(scope: TAlertScope, names: ReadonlyMap<string, string>): TScopeDraft {
  const picked = (id: string): TPicked => ({ id, label: names.get(id) ?? shortId(id) });
  switch (scope.kind) {
    case 'fleet':
      return FLEET_SCOPE_DRAFT;
    case 'pairs':
      return { kind: 'pairs', pairs: scope.pairIds.map(picked), hosts: [] };
    case 'hosts':
      return { kind: 'hosts', pairs: [], hosts: scope.hostIds.map(picked) };
  }
}

export function shortId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 8)}…` : id;
}

/** "whole fleet", "2 pairs: SIPS_HA_1, SIPS_HA_2", "1 host: sip2b.example.net". */
export function describeScope(scope: TAlertScope, names: ReadonlyMap<string, string>): string {
  const list = (ids: readonly string[]) => {
    const shown = ids.slice(0, 5).map((id) => names.get(id) ?? shortId(id));
    return `${shown.join(', ')}${ids.length > shown.length ? ` and ${ids.length - shown.length} more` : ''}`;
  };
  switch (scope.kind) {
    case 'fleet':
      return 'whole fleet';
    case 'pairs':
      return `${scope.pairIds.length === 1 ? '1 pair' : `${scope.pairIds.length} pairs`}: ${list(scope.pairIds)}`;
    case 'hosts':
      return `${scope.hostIds.length === 1 ? '1 host' : `${scope.hostIds.length} hosts`}: ${list(scope.hostIds)}`;
  }
}
