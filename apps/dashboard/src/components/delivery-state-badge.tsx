import { describeDeliveryState } from '@/lib/delivery-states';
import { ToneBadge } from './ui/tone-badge';

export function DeliveryStateBadge({ state }: { state: string }) {
  const info = describeDeliveryState(state);
  return (
    <ToneBadge tone={info.tone} title={info.description} testId="delivery-state">
      {info.label}
    </ToneBadge>
  );
}
