import { FINDING_CODES, FINDING_SEVERITIES, type TFindingCode, type TFindingSeverity } from '@standby/domain';

/** The Findings page's filters; '' is "all". Kept in the URL query string, so that a link reproduces the view. */
export interface TFindingsFilterState {
  severity: TFindingSeverity | '';
  code: TFindingCode | '';
}

export const EMPTY_FINDINGS_FILTER: TFindingsFilterState = { severity: '', code: '' };

/** The filters a query string asks for; unknown values are ignored (a stale or hand-edited link shows all). */
export function findingsFilterFromSearch(params: { get(name: string): string | null }): TFindingsFilterState {
  const severity = params.get('severity');
  const code = params.get('code');
  return {
    severity: FINDING_SEVERITIES.find((known) => known === severity) ?? '',
    code: FINDING_CODES.find((known) => known === code) ?? '',
  };
}

/** The query string for the filters ('' when there is none), in a stable order. */
export function findingsFilterToSearch(state: TFindingsFilterState): string {
  const params = new URLSearchParams();
  if (state.severity) params.set('severity', state.severity);
  if (state.code) params.set('code', state.code);
  const search = params.toString();
  return search ? `?${search}` : '';
}

export function isFindingsFiltered(state: TFindingsFilterState): boolean {
  return Boolean(state.severity || state.code);
}
