import { resolveEffectiveOptions } from '@standby/domain';
import type { TOptionsMap } from '@standby/protocol';

export interface TOptionsSummaryItem {
  label: string;
  on: boolean;
  title: string;
}

/**
 * The check's options as a few words for a table cell ("check 60 s", "port check", "VIP scripts"),
 * from the values the agent reported; absent or invalid ones read as their defaults, as SIP Server does.
 */
export function summarizeCheckOptions(options: TOptionsMap): TOptionsSummaryItem[] {
  const { effective } = resolveEffectiveOptions(options);
  const checkOn = effective['backup-init-check'];
  return [
    {
      label: checkOn ? `check ${effective['backup-init-check-timeout']} s` : 'check off',
      on: checkOn,
      title: `backup-init-check=${checkOn}, backup-init-check-timeout=${effective['backup-init-check-timeout']}`,
    },
    {
      label: !effective['backup-sip-port-check']
        ? 'no port check'
        : checkOn && !effective['control-vip-scripts']
          ? 'port check'
          : 'port check (inert)',
      on: checkOn && effective['backup-sip-port-check'] && !effective['control-vip-scripts'],
      title: `backup-sip-port-check=${effective['backup-sip-port-check']}`,
    },
    {
      label: effective['control-vip-scripts'] ? 'VIP scripts' : 'no VIP scripts',
      on: effective['control-vip-scripts'],
      title: `control-vip-scripts=${effective['control-vip-scripts']}`,
    },
  ];
}
