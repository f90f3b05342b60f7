'use client';

import { createContext, useContext } from 'react';
import type { User } from './types';

/** The signed-in user, provided by <SessionGate> to everything under /cases. */
export const SessionContext = createContext<User | null>(null);

export function useCurrentUser(): User {
  const user = useContext(SessionContext);
  if (!user) throw new Error('useCurrentUser must be used inside <SessionGate>.');
  return user;
}
