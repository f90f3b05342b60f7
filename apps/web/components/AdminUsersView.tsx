'use client';

import { useCallback, useEffect, useState, type FormEvent } from 'react';
import {
  ADMIN_USERS_QUERY,
  CREATE_USER_MUTATION,
  RESET_USER_PASSWORD_MUTATION,
  SET_USER_DISABLED_MUTATION,
  SET_USER_ROLE_MUTATION,
} from '@/lib/admin-operations';
import { ROLE_LABELS, label } from '@/lib/format';
import { graphql, useFragment } from '@/lib/gql';
import type { AdminUsersView_UserFragment } from '@/lib/gql/graphql';
import { errorMessage, graphqlRequest } from '@/lib/graphql';
import { useCurrentUser } from '@/lib/session';
import type { Role } from '@/lib/types';
import { Alert } from './Alert';
import { ConfirmButton } from './ConfirmButton';
import { CopyButton } from './CopyButton';
import { LoadingState } from './LoadingState';
import styles from './Admin.module.css';

const ROLES: readonly Role[] = ['ADMIN', 'INVESTIGATOR', 'REVIEWER'];
/** The API's rule (apps/api auth/passwords.ts), said before the form is sent. */
const MIN_PASSWORD_LENGTH = 12;

/** An account as a user card shows it; the users query and every user mutation return it. */
export const AdminUsersViewUserFragment = graphql(`
  fragment AdminUsersView_User on User {
    id
    email
    displayName
    role
    disabled
  }
`);
type AdminUser = AdminUsersView_UserFragment;

/** /admin/users: every account, with role, disabling and password reset; creating accounts. */
export function AdminUsersView() {
  const [users, setUsers] = useState<AdminUser[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [handover, setHandover] = useState<{ email: string; password: string } | null>(null);

  const load = useCallback(async () => {
    try {
      const { users } = await graphqlRequest(ADMIN_USERS_QUERY);
      setUsers([...useFragment(AdminUsersViewUserFragment, users)]);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const replace = (user: AdminUser) =>
    setUsers((current) => current?.map((u) => (u.id === user.id ? user : u)) ?? null);

  return (
    <div className={styles.page}>
      <div className="page-heading">
        <h1 id="admin-users-heading">Users</h1>
        {users ? (
          <span className="muted" data-testid="users-total">
            {users.length === 1 ? '1 user' : `${users.length} users`}
          </span>
        ) : null}
      </div>
      <Alert message={error} />
      <Alert message={notice} tone="success" />
      {handover ? <OneTimePassword {...handover} onDone={() => setHandover(null)} /> : null}
      <div className={styles.split}>
        <section aria-labelledby="admin-users-heading" className={styles.main}>
          {users ? (
            <ul className={styles.cards} aria-label="Users">
              {users.map((u) => (
                <UserCard
                  key={u.id}
                  user={u}
                  onChanged={(changed, message) => {
                    replace(changed);
                    setError(null);
                    setNotice(message);
                  }}
                  onPassword={(password) => {
                    setError(null);
                    setNotice(null);
                    setHandover({ email: u.email, password });
                  }}
                  onError={(message) => {
                    setNotice(null);
                    setError(message);
                  }}
                />
              ))}
            </ul>
          ) : error ? null : (
            <LoadingState label="Loading users…" />
          )}
        </section>
        <aside className={styles.aside}>
          <NewUserForm
            onCreated={(user) => {
              setUsers((current) =>
                current ? [...current, user].sort((a, b) => a.email.localeCompare(b.email)) : [user],
              );
              setError(null);
              setNotice(`Created ${user.email}.`);
            }}
          />
        </aside>
      </div>
    </div>
  );
}

/** A reset password, shown once: it is not stored anywhere it could be read again. */
function OneTimePassword({
  email,
  password,
  onDone,
}: {
  email: string;
  password: string;
  onDone: () => void;
}) {
  return (
    <section
      className={`card ${styles.handover}`}
      aria-labelledby="handover-heading"
      data-testid="one-time-password"
    >
      <h2 id="handover-heading" className="card__title">
        New password for {email}
      </h2>
      <p className="muted">
        Shown this once: hand it over now. Their sessions have ended; they sign in with this password.
      </p>
      <p className={styles.secret}>
        <code className="hash hash--full" data-testid="generated-password">
          {password}
        </code>
        <CopyButton text={password} label={`Copy the new password for ${email}`} />
      </p>
      <button type="button" className="button button--secondary button--small" onClick={onDone}>
        Done, hide it
      </button>
    </section>
  );
}

interface UserCardProps {
  user: AdminUser;
  onChanged: (user: AdminUser, message: string) => void;
  onPassword: (password: string) => void;
  onError: (message: string) => void;
}

function UserCard({ user, onChanged, onPassword, onError }: UserCardProps) {
  const me = useCurrentUser();
  const self = me.id === user.id;
  const [role, setRole] = useState<Role>(user.role);
  const [pending, setPending] = useState<'role' | 'disable' | 'reset' | null>(null);
  const roleId = `role-${user.id}`;

  async function run(what: 'role' | 'disable' | 'reset', action: () => Promise<void>) {
    setPending(what);
    try {
      await action();
    } catch (caught) {
      onError(errorMessage(caught));
      setRole(user.role);
    } finally {
      setPending(null);
    }
  }

  const changeRole = () =>
    run('role', async () => {
      const result = await graphqlRequest(SET_USER_ROLE_MUTATION, { userId: user.id, role });
      const setUserRole = useFragment(AdminUsersViewUserFragment, result.setUserRole);
      onChanged(setUserRole, `${user.email} is now ${label(ROLE_LABELS, setUserRole.role).toLowerCase()}.`);
    });
  const setDisabled = (disabled: boolean) =>
    run('disable', async () => {
      const result = await graphqlRequest(SET_USER_DISABLED_MUTATION, { userId: user.id, disabled });
      onChanged(
        useFragment(AdminUsersViewUserFragment, result.setUserDisabled),
        `${user.email} is ${disabled ? 'disabled; their sessions ended' : 'enabled again'}.`,
      );
    });
  const resetPassword = () =>
    run('reset', async () => {
      const { resetUserPassword } = await graphqlRequest(RESET_USER_PASSWORD_MUTATION, { userId: user.id });
      onPassword(resetUserPassword);
    });

  return (
    <li className={`card ${styles.card}`} data-testid="user-card" aria-label={user.email}>
      <div className={styles.cardHead}>
        <p className={styles.name}>
          <span className={styles.email}>{user.email}</span>
          <span className="muted">{user.displayName}</span>
        </p>
        <p className={styles.badges}>
          <span className="badge badge--family" data-testid="user-role">
            {label(ROLE_LABELS, user.role)}
          </span>
          {user.disabled ? (
            <span className="badge badge--closed" data-testid="user-disabled">
              Disabled
            </span>
          ) : null}
          {self ? <span className="badge badge--open">You</span> : null}
        </p>
      </div>
      <div className={styles.actions}>
        <span className={styles.roleControl}>
          <label htmlFor={roleId}>Role</label>
          <select
            id={roleId}
            value={role}
            aria-label={`Role for ${user.email}`}
            onChange={(event) => setRole(event.target.value as Role)}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
          <ConfirmButton
            label="Change role"
            ariaLabel={`Change role of ${user.email}`}
            question={`Make ${user.email} ${ROLE_LABELS[role].toLowerCase()}?`}
            pending={pending === 'role'}
            disabled={role === user.role || pending !== null}
            onConfirm={changeRole}
          />
        </span>
        {self ? null : user.disabled ? (
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={pending !== null}
            aria-label={`Enable ${user.email}`}
            onClick={() => void setDisabled(false)}
          >
            {pending === 'disable' ? 'Working…' : 'Enable'}
          </button>
        ) : (
          <ConfirmButton
            label="Disable"
            ariaLabel={`Disable ${user.email}`}
            question={`Disable ${user.email} and end their sessions?`}
            pending={pending === 'disable'}
            disabled={pending !== null}
            onConfirm={() => void setDisabled(true)}
          />
        )}
        <ConfirmButton
          label="Reset password"
          ariaLabel={`Reset password of ${user.email}`}
          question={`Set a new random password for ${user.email} and end their sessions?`}
          pending={pending === 'reset'}
          disabled={pending !== null}
          onConfirm={() => void resetPassword()}
        />
      </div>
    </li>
  );
}

function NewUserForm({ onCreated }: { onCreated: (user: AdminUser) => void }) {
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('INVESTIGATOR');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    if (!email.trim()) return setError('Email is required.');
    if (password.length < MIN_PASSWORD_LENGTH)
      return setError(`The password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
    setPending(true);
    setError(null);
    try {
      const { createUser } = await graphqlRequest(CREATE_USER_MUTATION, {
        input: { email: email.trim(), displayName: displayName.trim() || null, password, role },
      });
      onCreated(useFragment(AdminUsersViewUserFragment, createUser));
      setEmail('');
      setDisplayName('');
      setPassword('');
      setRole('INVESTIGATOR');
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setPending(false);
    }
  }

  return (
    <section className="card" aria-labelledby="new-user-heading">
      <h2 id="new-user-heading" className="card__title">
        New user
      </h2>
      <form className="form" onSubmit={submit} noValidate aria-labelledby="new-user-heading">
        <Alert message={error} />
        <div className="field">
          <label htmlFor="new-user-email">Email</label>
          <input
            id="new-user-email"
            type="email"
            autoComplete="off"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="new-user-name">Display name</label>
          <input
            id="new-user-name"
            type="text"
            autoComplete="off"
            value={displayName}
            aria-describedby="new-user-name-hint"
            onChange={(e) => setDisplayName(e.target.value)}
          />
          <p id="new-user-name-hint" className="field__hint">
            Optional; the part of the email before @ otherwise.
          </p>
        </div>
        <div className="field">
          <label htmlFor="new-user-password">Initial password</label>
          <input
            id="new-user-password"
            type="password"
            autoComplete="new-password"
            required
            value={password}
            aria-describedby="new-user-password-hint"
            onChange={(e) => setPassword(e.target.value)}
          />
          <p id="new-user-password-hint" className="field__hint">
            At least {MIN_PASSWORD_LENGTH} characters. Hand it over; they can change it.
          </p>
        </div>
        <div className="field">
          <label htmlFor="new-user-role">Role</label>
          <select id="new-user-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button" disabled={pending}>
          {pending ? 'Creating…' : 'Create user'}
        </button>
      </form>
    </section>
  );
}
