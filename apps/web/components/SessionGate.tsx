'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { errorCode, errorMessage, graphqlRequest } from '@/lib/graphql';
import { ME_QUERY } from '@/lib/operations';
import { SessionContext } from '@/lib/session';
import type { User } from '@/lib/types';
import { Alert } from './Alert';
import { AppHeader } from './AppHeader';
import { LoadingState } from './LoadingState';

type SessionState =
  | { kind: 'loading' }
  | { kind: 'signed-in'; user: User }
  | { kind: 'redirecting' }
  | { kind: 'error'; message: string };

/**
 * Loads `me`; sends visitors without a session to /login and renders the app
 * chrome (header + main) around `children` for signed-in users.
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const router = useRouter();
  const [state, setState] = useState<SessionState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let active = true;
    graphqlRequest(ME_QUERY)
      .then(({ me }) => {
        if (!active) return;
        if (me) {
          setState({ kind: 'signed-in', user: me });
        } else {
          setState({ kind: 'redirecting' });
          router.replace('/login');
        }
      })
      .catch((error: unknown) => {
        if (!active) return;
        if (errorCode(error) === 'UNAUTHENTICATED') {
          setState({ kind: 'redirecting' });
          router.replace('/login');
        } else {
          setState({ kind: 'error', message: errorMessage(error) });
        }
      });
    return () => {
      active = false;
    };
  }, [router, attempt]);

  const retry = useCallback(() => {
    setState({ kind: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  if (state.kind === 'signed-in') {
    return (
      <SessionContext value={state.user}>
        <AppHeader user={state.user} />
        <main className="container">{children}</main>
      </SessionContext>
    );
  }

  return (
    <main className="container container--narrow">
      {state.kind === 'error' ? (
        <div className="card">
          <Alert message={state.message} />
          <button type="button" className="button" onClick={retry}>
            Try again
          </button>
        </div>
      ) : (
        <LoadingState label={state.kind === 'redirecting' ? 'Redirecting to sign in…' : 'Loading…'} />
      )}
    </main>
  );
}
