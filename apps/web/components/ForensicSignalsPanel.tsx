import { graphql, useFragment } from '@/lib/gql';
import type { AnalysisDetail } from '@/lib/types';
import { HashesView } from './HashesView';
import { JpegSignalsView } from './JpegSignalsView';
import { MetadataSignalsView } from './MetadataSignalsView';

export const ForensicSignalsPanelSignalsFragment = graphql(`
  fragment ForensicSignalsPanel_Signals on ForensicSignals {
    jpeg {
      ...JpegSignalsView_Jpeg
    }
    metadata {
      ...MetadataSignalsView_Metadata
    }
    hashes {
      ...HashesView_Hashes
    }
  }
`);

/** JPEG, metadata and perceptual-hash signals of the analysis. */
export function ForensicSignalsPanel({ analysis }: { analysis: AnalysisDetail | null }) {
  const signals = useFragment(
    ForensicSignalsPanelSignalsFragment,
    analysis?.status === 'DONE' ? analysis.signals : null,
  );
  return (
    <section className="card" aria-labelledby="signals-heading">
      <h2 id="signals-heading" className="card__title">
        Forensic signals
      </h2>
      {signals ? (
        <div className="signals">
          <JpegSignalsView value={signals.jpeg} />
          <MetadataSignalsView value={signals.metadata} />
          <HashesView hashes={signals.hashes} />
        </div>
      ) : (
        <p className="muted">
          {analysis?.status === 'FAILED'
            ? 'No forensic signals: the analysis failed.'
            : analysis?.status === 'DONE'
              ? 'No forensic signals were recorded.'
              : 'Forensic signals appear when the analysis is done.'}
        </p>
      )}
    </section>
  );
}
