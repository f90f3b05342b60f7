import { graphql, useFragment, type FragmentType } from '@/lib/gql';
import { yesNo } from '@/lib/format';
import { JsonDetails } from './JsonDetails';

export const MetadataSignalsViewMetadataFragment = graphql(`
  fragment MetadataSignalsView_Metadata on MetadataSignals {
    camera {
      make
      model
    }
    software
    timestamps {
      original
      digitized
      modified
    }
    gpsPresent
    gps {
      latitude
      longitude
    }
    missing
    contradictions
    raw
  }
`);

/** Camera, software, timestamps and GPS as recorded in the file, plus what is missing or contradictory. */
export function MetadataSignalsView({
  value,
}: {
  value: FragmentType<typeof MetadataSignalsViewMetadataFragment> | null;
}) {
  const metadata = useFragment(MetadataSignalsViewMetadataFragment, value);
  let body;
  if (!metadata) {
    body = <p className="muted">No metadata analysis was recorded.</p>;
  } else {
    const camera = [metadata.camera.make, metadata.camera.model].filter(Boolean).join(' ');
    const gps = metadata.gps
      ? `${metadata.gps.latitude.toFixed(6)}, ${metadata.gps.longitude.toFixed(6)}`
      : null;
    body = (
      <>
        {metadata.contradictions.length > 0 ? (
          <div className="contradictions" data-testid="metadata-contradictions">
            <p className="contradictions__title">Contradictions</p>
            <ul>
              {metadata.contradictions.map((item, index) => (
                <li key={`${index}-${item}`}>{item}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <dl className="facts">
          <div className="facts__row">
            <dt>Camera</dt>
            <dd>{camera || '—'}</dd>
          </div>
          <div className="facts__row">
            <dt>Software</dt>
            <dd>{metadata.software ?? '—'}</dd>
          </div>
          <div className="facts__row">
            <dt>Taken (original)</dt>
            <dd className="mono-small">{metadata.timestamps.original ?? '—'}</dd>
          </div>
          <div className="facts__row">
            <dt>Digitised</dt>
            <dd className="mono-small">{metadata.timestamps.digitized ?? '—'}</dd>
          </div>
          <div className="facts__row">
            <dt>Modified</dt>
            <dd className="mono-small">{metadata.timestamps.modified ?? '—'}</dd>
          </div>
          <div className="facts__row">
            <dt>GPS present</dt>
            <dd>
              {yesNo(metadata.gpsPresent)}
              {gps ? <span className="muted mono-small"> ({gps})</span> : null}
            </dd>
          </div>
          <div className="facts__row facts__row--wide">
            <dt>Missing fields</dt>
            <dd>{metadata.missing.length > 0 ? metadata.missing.join(', ') : 'None'}</dd>
          </div>
        </dl>
        <p className="field__hint">
          Timestamps are shown exactly as written in the file (EXIF has no time zone).
        </p>
        {metadata.raw != null ? <JsonDetails summary="All metadata tags (raw)" value={metadata.raw} /> : null}
      </>
    );
  }
  return (
    <section className="signals__group" aria-labelledby="metadata-heading">
      <h3 id="metadata-heading">Metadata</h3>
      {body}
    </section>
  );
}
