import type { ReactNode } from 'react';

/** A failure the user should read: announced by screen readers, red plus words. */
export function ErrorAlert({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <p
      role="alert"
      data-testid={testId}
      className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
    >
      {children}
    </p>
  );
}
