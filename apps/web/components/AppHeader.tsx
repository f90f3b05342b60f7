import Link from 'next/link';
import type { User } from '@/lib/types';
import { LogoutButton } from './LogoutButton';

export function AppHeader({ user }: { user: User }) {
  return (
    <header className="app-header">
      <div className="app-header__inner">
        <Link href="/cases" className="brand">
          Loupe
        </Link>
        <nav aria-label="Main" className="app-header__nav">
          <Link href="/cases">Cases</Link>
          {user.role === 'ADMIN' ? <Link href="/admin/users">Administration</Link> : null}
        </nav>
        <div className="app-header__user">
          <span className="app-header__email" title={user.displayName} data-testid="current-user-email">
            {user.email}
          </span>
          <LogoutButton />
        </div>
      </div>
    </header>
  );
}
