import { COMPONENT_LABELS } from '@standby/domain';
import type { TCheckResult } from '@standby/protocol';

/** The human-readable report of `agent check` (without --json). */
export function formatCheckSummary(result: TCheckResult, application: string): string {
  const lines = [
    `${application}: ${result.status}${result.applicable ? '' : ' (check not applicable)'}`,
    `  mode ${result.mode}, check ${result.checkEnabled ? 'enabled' : 'disabled'}, timeout ${result.timeoutSec}s, took ${result.durationMs} ms`,
  ];
  for (const component of result.components) {
    const timing = component.readyAfterMs === null ? '' : ` after ${component.readyAfterMs} ms`;
    lines.push(
      `  ${COMPONENT_LABELS[component.name].padEnd(31)} ${component.state}${timing}${component.detail && component.state !== 'ready' ? ` — ${component.detail}` : ''}`,
    );
  }
  const port = result.portCheck;
  lines.push(
    `  ${'SIP port check'.padEnd(31)} ${port.state}${port.port ? ` (port ${port.port})` : ''}${port.reason ? ` — ${port.reason}` : ''}`,
  );
  for (const reason of result.reasons) lines.push(`  • ${reason}`);
  for (const finding of result.findings) lines.push(`  [${finding.severity}] ${finding.message}`);
  return lines.join('\n');
}
