import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: 'Standby',
  description: 'Would every backup SIP Server serve if promoted now?',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-7xl items-center gap-6 px-6 py-3">
            <a href="/fleet" className="text-lg font-semibold tracking-tight">
              Standby
            </a>
            <nav className="flex gap-4 text-sm text-slate-600">
              <a href="/fleet" className="hover:text-slate-900">
                Fleet
              </a>
            </nav>
          </div>
        </header>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
