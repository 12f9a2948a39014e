/**
 * The ids of the rules Standby enforces, as listed (with the one file that owns each, and its test)
 * in docs/RULES.md. Code cites a rule by its id, never by a number in an outside document.
 */
export const RULE_IDS = [
  'check-needs-8.1.103.64',
  'backup-mode-only',
  'check-off-verifies-nothing',
  'four-components-within-timeout',
  'port-opened-then-closed',
  'port-check-skipped-for-takeover-or-same-host',
  'status-to-management-layer',
  'option-table',
  'invalid-value-uses-default',
  'restricted-needs-reason',
  'configured-vs-effective',
  'one-verdict',
  'unknown-after-missed-checks',
  'switchover-follows-in-seconds',
  'dead-node-releases-agents',
  'acked-means-stored',
  'late-judged-by-the-dashboard',
  'commands-exactly-once',
  'pair-drift',
  'port-located-by-sip-options',
  'alert-conditions',
  'alert-hold-down',
  'alert-sent-once',
  'silence-holds-triggers',
  'agent-clock-skew',
  'baseline-drift',
] as const;
export type TRuleId = (typeof RULE_IDS)[number];
