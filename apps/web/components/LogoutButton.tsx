'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { errorCode, errorMessage, graphqlRequest } from '@/lib/graphql';
import { LOGOUT_MUTATION } from '@/lib/operations';

export function LogoutButton() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function logout() {
    setPending(true);
    setError(null);
    try {
      await graphqlRequest(LOGOUT_MUTATION);
    } catch (caught) {
      // Already signed out is as good as signing out.
      if (errorCode(caught) !== 'UNAUTHENTICATED') {
        setError(errorMessage(caught));
        setPending(false);
        return;
      }
    }
    router.replace('/login');
  }

  return (
    <>
      {error ? (
        <span className="app-header__error" role="alert">
          {error}
        </span>
      ) : null}
      <button
        type="button"
        className="button button--secondary button--small"
        onClick={logout}
        disabled={pending}
      >
        {pending ? 'Logging out…' : 'Log out'}
      </button>
    </>
  );
}
