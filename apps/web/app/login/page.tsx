import type { Metadata } from 'next';
import { LoginForm } from '@/components/LoginForm';

export const metadata: Metadata = { title: 'Sign in' };

export default function LoginPage() {
  return (
    <main className="auth-page">
      <div className="auth-card">
        <p className="brand brand--large">Loupe</p>
        <h1 className="auth-title">Sign in</h1>
        <p className="muted">Forensic case management for manipulated media.</p>
        <LoginForm />
      </div>
    </main>
  );
}
