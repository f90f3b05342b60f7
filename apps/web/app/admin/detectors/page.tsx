import type { Metadata } from 'next';
import { InstalledModelsView } from '@/components/InstalledModelsView';

export const metadata: Metadata = { title: 'Detectors · Administration' };

export default function AdminDetectorsPage() {
  return <InstalledModelsView />;
}
