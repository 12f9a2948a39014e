import type { TAlertChannelConfigOf, TAlertChannelKind, TAlertNotice } from '@standby/protocol';
import type { TSendOptions } from './send-options';

/** What each channel kind provides: one contract, one module per kind. */
export interface TChannel<K extends TAlertChannelKind> {
  /** Resolves once the receiver accepted the notice; throws a ChannelDeliveryError otherwise. */
  send(config: TAlertChannelConfigOf<K>, notice: TAlertNotice, options: TSendOptions): Promise<void>;
  /** Where it delivers, without secrets (for logs and lists). */
  receiver(config: TAlertChannelConfigOf<K>): string;
}

/** The host (and port) of a URL, never its path or query. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid URL)';
  }
}
