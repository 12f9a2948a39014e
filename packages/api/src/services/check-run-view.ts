import type { CheckRunModel, ComponentResultModel } from '@standby/db';
import { COMPONENT_NAMES, type TComponentName } from '@standby/domain';
import type { TCheckRunView, TComponentResult } from '@standby/protocol';
import { readStoredFindings, readStringArray } from './stored-json';

type TRunRow = Pick<
  CheckRunModel,
  | 'id'
  | 'status'
  | 'trigger'
  | 'late'
  | 'applicable'
  | 'checkEnabled'
  | 'mode'
  | 'timeoutSec'
  | 'startedAt'
  | 'finishedAt'
  | 'durationMs'
  | 'portState'
  | 'portReason'
  | 'port'
  | 'address'
  | 'findings'
  | 'version'
  | 'reasons'
>;
type TComponentRow = Pick<ComponentResultModel, 'name' | 'state' | 'readyAfterMs' | 'detail'>;

/**
 * A stored run as the browser shows it. Stored strings went through the protocol schemas at ingest; the
 * procedure's output schema checks them again on the way out.
 */
export function toCheckRunView(run: TRunRow, components: readonly TComponentRow[]): TCheckRunView {
  return {
    id: run.id,
    status: run.status as TCheckRunView['status'],
    trigger: run.trigger as TCheckRunView['trigger'],
    late: run.late,
    applicable: run.applicable,
    checkEnabled: run.checkEnabled,
    mode: run.mode,
    version: run.version,
    reasons: readStringArray(run.reasons),
    timeoutSec: run.timeoutSec,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt.toISOString(),
    durationMs: run.durationMs,
    portCheck: {
      state: run.portState as TCheckRunView['portCheck']['state'],
      reason: run.portReason,
      port: run.port,
      address: run.address,
    },
    findings: readStoredFindings(run.findings),
    components: [...components].sort(byComponentOrder).map((component) => ({
      name: component.name as TComponentResult['name'],
      state: component.state as TComponentResult['state'],
      readyAfterMs: component.readyAfterMs,
      detail: component.detail,
    })),
  };
}

// The order of the seed's list, not alphabetical.
function byComponentOrder(a: TComponentRow, b: TComponentRow): number {
  return componentIndex(a.name) - componentIndex(b.name);
}

function componentIndex(name: string): number {
  const index = COMPONENT_NAMES.indexOf(name as TComponentName);
  return index === -1 ? COMPONENT_NAMES.length : index;
}
