import type { Metadata } from 'next';
import { SetupForm } from '@/components/auth/setup-form';

export const metadata: Metadata = { title: 'Set up · Standby' };

export default async function SetupPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[] }>;
}) {
  const { token } = await searchParams;
  return <SetupForm setupToken={typeof token === 'string' ? token : ''} />;
}
