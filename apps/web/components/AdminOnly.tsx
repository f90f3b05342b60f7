'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { useCurrentUser } from '@/lib/session';
import styles from './Admin.module.css';

const SECTIONS = [
  { href: '/admin/users', label: 'Users' },
  { href: '/admin/known-fakes', label: 'Known fakes' },
  { href: '/admin/detectors', label: 'Detectors' },
] as const;

/**
 * The administration pages' frame: their own navigation for administrators, and a plain refusal
 * for everyone else (the API refuses them too; this only says so before asking it).
 */
export function AdminOnly({ children }: { children: ReactNode }) {
  const user = useCurrentUser();
  const pathname = usePathname();
  if (user.role !== 'ADMIN') {
    return (
      <div className="notice-page" data-testid="admin-refused">
        <h1>Administrators only</h1>
        <p className="muted">
          Administration is for Loupe administrators. You are signed in as {user.email}, who is not one; ask
          an administrator if you need something changed.
        </p>
        <p>
          <Link href="/cases">Back to cases</Link>
        </p>
      </div>
    );
  }
  return (
    <div className={styles.admin}>
      <nav aria-label="Administration" className={styles.nav}>
        {SECTIONS.map((s) => (
          <Link
            key={s.href}
            href={s.href}
            className={styles.navLink}
            aria-current={pathname === s.href ? 'page' : undefined}
          >
            {s.label}
          </Link>
        ))}
      </nav>
      {children}
    </div>
  );
}
