import { formatPercent, formatScore } from '@/lib/format';
import type { AnalysisDetail } from '@/lib/types';

function px(value: number): string {
  return String(Math.round(value));
}

/** Every detected face: where it is, how sure the face detector was, and its own p(fake). */
export function FacesPanel({ analysis }: { analysis: AnalysisDetail | null }) {
  const done = analysis?.status === 'DONE';
  const faces = analysis?.faces ?? [];
  return (
    <section className="card" aria-labelledby="faces-heading">
      <h2 id="faces-heading" className="card__title">
        Faces {done ? <span className="count">{faces.length}</span> : null}
      </h2>
      {!done ? (
        <p className="muted">Faces appear when the analysis is done.</p>
      ) : faces.length === 0 ? (
        <p className="muted">No faces were detected.</p>
      ) : (
        // Focusable and named: a keyboard user can scroll the wide table at phone widths (WCAG 2.1.1).
        <div className="table-wrap" role="region" aria-label="Faces" tabIndex={0}>
          <table className="table" aria-label="Faces">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Box (x, y, width × height px)</th>
                <th scope="col">Face detector confidence</th>
                <th scope="col">p(fake)</th>
                <th scope="col">Primary</th>
              </tr>
            </thead>
            <tbody>
              {faces.map((face, index) => (
                <tr key={index} data-testid="face-row" className={face.primary ? 'row--primary' : undefined}>
                  <td>{index + 1}</td>
                  <td className="mono-small">
                    {px(face.box.x)}, {px(face.box.y)}, {px(face.box.width)} × {px(face.box.height)}
                  </td>
                  <td>{formatScore(face.score)}</td>
                  <td>
                    {face.pFake === null ? (
                      <span className="muted">Not scored</span>
                    ) : (
                      formatPercent(face.pFake)
                    )}
                  </td>
                  <td>{face.primary ? 'Primary' : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
