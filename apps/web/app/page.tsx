import { redirect } from 'next/navigation';

// next.config.ts already redirects `/`; this is the fallback if that rule is removed.
export default function HomePage(): never {
  redirect('/cases');
}
