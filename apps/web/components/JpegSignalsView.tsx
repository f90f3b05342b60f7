import { graphql, useFragment, type FragmentType } from '@/lib/gql';
import { formatScore, yesNo } from '@/lib/format';
import { QuantizationTableGrid } from './QuantizationTableGrid';

export const JpegSignalsViewJpegFragment = graphql(`
  fragment JpegSignalsView_Jpeg on JpegSignals {
    isJpeg
    estimatedQuality
    doubleCompression {
      suspected
      score
      method
      explanation
    }
    progressive
    subsampling
    quantizationTables {
      id
      values
    }
  }
`);

/** Compression evidence: estimated quality, double-compression indicator, quantisation tables. */
export function JpegSignalsView({
  value,
}: {
  value: FragmentType<typeof JpegSignalsViewJpegFragment> | null;
}) {
  const jpeg = useFragment(JpegSignalsViewJpegFragment, value);
  let body;
  if (!jpeg) {
    body = <p className="muted">No JPEG analysis was recorded.</p>;
  } else if (!jpeg.isJpeg) {
    body = <p className="muted">Not a JPEG file: there are no quantisation tables to examine.</p>;
  } else {
    const dc = jpeg.doubleCompression;
    body = (
      <>
        <dl className="facts">
          <div className="facts__row">
            <dt>Estimated quality</dt>
            <dd>{jpeg.estimatedQuality ?? '—'}</dd>
          </div>
          <div className="facts__row">
            <dt>Double compression suspected</dt>
            <dd data-testid="double-compression">
              {dc ? (
                <>
                  <span className={dc.suspected ? 'flag flag--warning' : undefined}>
                    {yesNo(dc.suspected)}
                  </span>
                  {dc.score !== null ? <span className="muted"> (score {formatScore(dc.score)})</span> : null}
                </>
              ) : (
                <span className="muted">Not assessed</span>
              )}
            </dd>
          </div>
          <div className="facts__row">
            <dt>Progressive</dt>
            <dd>{yesNo(jpeg.progressive)}</dd>
          </div>
          <div className="facts__row">
            <dt>Chroma subsampling</dt>
            <dd>{jpeg.subsampling ?? '—'}</dd>
          </div>
        </dl>
        {dc && (dc.explanation || dc.method) ? (
          <p className="field__hint">
            {dc.explanation}
            {dc.method ? ` Method: ${dc.method}.` : null}
          </p>
        ) : null}
        {jpeg.quantizationTables.length > 0 ? (
          <details className="details">
            <summary>Quantisation tables ({jpeg.quantizationTables.length})</summary>
            <div className="qtables">
              {jpeg.quantizationTables.map((table) => (
                <QuantizationTableGrid key={table.id} table={table} />
              ))}
            </div>
          </details>
        ) : null}
      </>
    );
  }
  return (
    <section className="signals__group" aria-labelledby="jpeg-heading">
      <h3 id="jpeg-heading">JPEG</h3>
      {body}
    </section>
  );
}
