'use client';

import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from './trpc-types';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();
