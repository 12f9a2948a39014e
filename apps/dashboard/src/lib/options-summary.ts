import { listInertPortCheckReasons, PORT_CHECK_SKIP_CAUSES, resolveEffectiveOptions } from '@standby/domain';
import type { TOptionsMap } from '@standby/protocol';

export interface TOptionsSummaryItem {
  label: string;
  on: boolean;
  title: string;
}

/**
 * The check's options as a few words for a table cell ("check 60 s", "port check", "VIP scripts"),
 * from the values the agent reported; absent or invalid ones read as their defaults, as SIP Server does.
 * Whether the port check verifies anything is the domain's rule (check off, IP Address Takeover, same host).
 */
export function summarizeCheckOptions(options: TOptionsMap, sameHost: boolean): TOptionsSummaryItem[] {
  const { effective } = resolveEffectiveOptions(options);
  const checkOn = effective['backup-init-check'];
  const portCheckOn = effective['backup-sip-port-check'];
  const inert = listInertPortCheckReasons(effective, sameHost);
  return [
    {
      label: checkOn ? `check ${effective['backup-init-check-timeout']} s` : 'check off',
      on: checkOn,
      title: `backup-init-check=${checkOn}, backup-init-check-timeout=${effective['backup-init-check-timeout']}`,
    },
    {
      label: !portCheckOn ? 'no port check' : inert.length ? 'port check (inert)' : 'port check',
      on: portCheckOn && inert.length === 0,
      title: [
        `backup-sip-port-check=${portCheckOn}`,
        ...inert.map((reason) => `verifies nothing: ${PORT_CHECK_SKIP_CAUSES[reason]}`),
      ].join('; '),
    },
    {
      label: effective['control-vip-scripts'] ? 'VIP scripts' : 'no VIP scripts',
      on: effective['control-vip-scripts'],
      title: `control-vip-scripts=${effective['control-vip-scripts']}`,
    },
  ];
}
