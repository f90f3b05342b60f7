import type { Metadata } from 'next';
import { EvaluationView } from '@/components/EvaluationView';

export const metadata: Metadata = { title: 'Evaluation' };

export default async function EvaluationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <EvaluationView id={id} />;
}
