import type { Metadata } from 'next';
import { SignInForm } from '@/components/auth/sign-in-form';
import { safeNextPath } from '@/lib/safe-next-path';

export const metadata: Metadata = { title: 'Sign in · Standby' };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  const { next } = await searchParams;
  return <SignInForm next={safeNextPath(typeof next === 'string' ? next : null)} />;
}
