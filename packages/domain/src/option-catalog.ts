import type { TRuleId } from './rules';
/**
 * The SIP Server options Standby reads and writes, as SIP Server's documentation describes them (`option-table` in docs/RULES.md).
 * All live in the [TServer] section at Application level and take effect after a restart.
 */
export const OPTION_SECTION = 'TServer';

/** When a change of any of these options takes effect, in the words the dashboard shows. */
export const TAKES_EFFECT_TEXT = 'Takes effect after the SIP Server restarts.';

export const OPTION_NAMES = [
  'backup-init-check',
  'backup-init-check-timeout',
  'backup-sip-port-check',
  'control-vip-scripts',
  'sip-port',
  'sip-address',
] as const;
export type TOptionName = (typeof OPTION_NAMES)[number];

/** The options that shape the check itself (`option-table`); `sip-*` only locate the port. */
export const CHECK_OPTION_NAMES = [
  'backup-init-check',
  'backup-init-check-timeout',
  'backup-sip-port-check',
  'control-vip-scripts',
] as const satisfies readonly TOptionName[];
export type TCheckOptionName = (typeof CHECK_OPTION_NAMES)[number];

/** The typed value of each option. */
export interface TOptionValues {
  'backup-init-check': boolean;
  'backup-init-check-timeout': number;
  'backup-sip-port-check': boolean;
  'control-vip-scripts': boolean;
  'sip-port': number;
  /** '' means all addresses. */
  'sip-address': string;
}
/** Options as SIP Server uses them: every option present, every value valid. */
export type TEffectiveOptions = Readonly<TOptionValues>;

export type TOptionKind = 'boolean' | 'integer' | 'string';

interface TOptionDefinitionCommon<N extends TOptionName> {
  readonly name: N;
  readonly section: typeof OPTION_SECTION;
  readonly level: 'application';
  /** The default as written in an options file. */
  readonly defaultRaw: string;
  readonly defaultValue: TOptionValues[N];
  /** Valid values, for people. */
  readonly validValues: string;
  readonly restricted: boolean;
  readonly takesEffect: 'after-restart';
  readonly description: string;
  /** The rule that defines it (its row in docs/RULES.md). */
  readonly rule: TRuleId;
}

type TKindSpec<V> = V extends boolean
  ? { readonly kind: 'boolean' }
  : V extends number
    ? { readonly kind: 'integer'; readonly min: number; readonly max: number }
    : { readonly kind: 'string' };

/** One option's definition; the kind (and an integer's range) follows from the option's value type. */
export type TOptionDefinition<N extends TOptionName = TOptionName> = N extends TOptionName
  ? TOptionDefinitionCommon<N> & TKindSpec<TOptionValues[N]>
  : never;

const COMMON = {
  section: OPTION_SECTION,
  level: 'application',
  takesEffect: 'after-restart',
} as const;

export const OPTION_CATALOG: { readonly [N in TOptionName]: TOptionDefinition<N> } = {
  'backup-init-check': {
    ...COMMON,
    name: 'backup-init-check',
    kind: 'boolean',
    defaultRaw: 'false',
    defaultValue: false,
    validValues: 'true, false',
    restricted: false,
    description:
      'When true, SIP Server in Backup mode verifies that T-Controller, Smart Proxy, Interaction Proxy and ' +
      'the Operational Information thread initialize, and reports SERVICE_UNAVAILABLE to LCA/SCS if any does not.',
    rule: 'check-off-verifies-nothing',
  },
  'backup-init-check-timeout': {
    ...COMMON,
    name: 'backup-init-check-timeout',
    kind: 'integer',
    min: 15,
    max: 3600,
    defaultRaw: '60',
    defaultValue: 60,
    validValues: 'integer 15-3600 (seconds)',
    restricted: true,
    description:
      'Restricted option. Seconds during which SIP Server waits for all internal components to initialize ' +
      'when backup-init-check is true.',
    rule: 'four-components-within-timeout',
  },
  'backup-sip-port-check': {
    ...COMMON,
    name: 'backup-sip-port-check',
    kind: 'boolean',
    defaultRaw: 'true',
    defaultValue: true,
    validValues: 'true, false',
    restricted: false,
    description:
      'When true (and backup-init-check is true), SIP Server in Backup mode opens its SIP port, processes no ' +
      'message, closes it at once, and reports SERVICE_UNAVAILABLE if it cannot open it. Disabled when ' +
      'control-vip-scripts is true.',
    rule: 'port-opened-then-closed',
  },
  'control-vip-scripts': {
    ...COMMON,
    name: 'control-vip-scripts',
    kind: 'boolean',
    defaultRaw: 'false',
    defaultValue: false,
    validValues: 'true, false',
    restricted: false,
    description: 'True in the IP Address Takeover configuration, where the virtual IP lives on the primary.',
    rule: 'port-check-skipped-for-takeover-or-same-host',
  },
  'sip-port': {
    ...COMMON,
    name: 'sip-port',
    kind: 'integer',
    min: 1,
    max: 65535,
    defaultRaw: '5060',
    defaultValue: 5060,
    validValues: 'integer 1-65535',
    restricted: false,
    description: 'The SIP port the backup tries to open during the port check.',
    rule: 'port-located-by-sip-options',
  },
  'sip-address': {
    ...COMMON,
    name: 'sip-address',
    kind: 'string',
    defaultRaw: '',
    defaultValue: '',
    validValues: 'empty (all addresses), an IPv4 or IPv6 address, or a host name',
    restricted: false,
    description: 'The address the SIP port is opened on; empty means all addresses.',
    rule: 'port-located-by-sip-options',
  },
};

export function getOptionDefinition<N extends TOptionName>(name: N): TOptionDefinition<N> {
  return OPTION_CATALOG[name];
}

export function isOptionName(key: string): key is TOptionName {
  return (OPTION_NAMES as readonly string[]).includes(key);
}

/** What SIP Server uses for an option that is absent from the options file (or invalid there). */
export const DEFAULT_OPTIONS: TEffectiveOptions = {
  'backup-init-check': OPTION_CATALOG['backup-init-check'].defaultValue,
  'backup-init-check-timeout': OPTION_CATALOG['backup-init-check-timeout'].defaultValue,
  'backup-sip-port-check': OPTION_CATALOG['backup-sip-port-check'].defaultValue,
  'control-vip-scripts': OPTION_CATALOG['control-vip-scripts'].defaultValue,
  'sip-port': OPTION_CATALOG['sip-port'].defaultValue,
  'sip-address': OPTION_CATALOG['sip-address'].defaultValue,
};
