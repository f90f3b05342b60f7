import type { Metadata } from 'next';
import { AdminUsersView } from '@/components/AdminUsersView';

export const metadata: Metadata = { title: 'Users · Administration' };

export default function AdminUsersPage() {
  return <AdminUsersView />;
}
