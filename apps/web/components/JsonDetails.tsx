/** Characters of JSON shown at most; the rest is cut with a note. */
const MAX_CHARS = 100_000;

/** A collapsible block of JSON shown as-is (raw metadata tags, preprocessing parameters). */
export function JsonDetails({ summary, value }: { summary: string; value: unknown }) {
  let text = JSON.stringify(value, null, 2) ?? 'null';
  const cut = text.length > MAX_CHARS;
  if (cut) text = text.slice(0, MAX_CHARS);
  return (
    <details className="details">
      <summary>{summary}</summary>
      <pre className="json">{text}</pre>
      {cut ? (
        <p className="field__hint">Shortened to the first {MAX_CHARS.toLocaleString('en-US')} characters.</p>
      ) : null}
    </details>
  );
}
