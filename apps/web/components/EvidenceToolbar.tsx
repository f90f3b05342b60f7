import {
  KIND_FILTERS,
  KIND_FILTER_LABELS,
  MEDIA_SORTS,
  MEDIA_SORT_LABELS,
  STATUS_FILTERS,
  STATUS_FILTER_LABELS,
  type EvidenceView,
  type GalleryView,
} from '@/lib/gallery-operations';
import { VerdictFilterSelect } from './VerdictFilterSelect';
import styles from './EvidenceToolbar.module.css';

interface Option<T extends string> {
  id: string;
  label: string;
  value: T;
  values: readonly T[];
  labels: Record<T, string>;
  onChange: (value: T) => void;
}

function Select<T extends string>({ id, label, value, values, labels, onChange }: Option<T>) {
  return (
    <div className="field field--inline">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(event) => {
          const next = values.find((v) => v === event.target.value);
          if (next) onChange(next);
        }}
      >
        {values.map((v) => (
          <option key={v} value={v}>
            {labels[v]}
          </option>
        ))}
      </select>
    </div>
  );
}

const VIEWS: { value: EvidenceView; label: string }[] = [
  { value: 'table', label: 'Table' },
  { value: 'grid', label: 'Grid' },
];

/** The evidence section's view switch, sort and filters; every change is written to the URL. */
export function EvidenceToolbar({
  view,
  onChange,
}: {
  view: GalleryView;
  onChange: (change: Partial<GalleryView>) => void;
}) {
  return (
    <div className={`list-toolbar ${styles.toolbar}`}>
      <div className={styles.views} role="group" aria-label="Evidence view">
        {VIEWS.map((option) => (
          <button
            key={option.value}
            type="button"
            className={view.view === option.value ? `${styles.view} ${styles.viewActive}` : styles.view}
            aria-pressed={view.view === option.value}
            onClick={() => onChange({ view: option.value })}
          >
            {option.label}
          </button>
        ))}
      </div>
      <Select
        id="evidence-sort"
        label="Sort"
        value={view.sort}
        values={MEDIA_SORTS}
        labels={MEDIA_SORT_LABELS}
        onChange={(sort) => onChange({ sort })}
      />
      <VerdictFilterSelect value={view.verdict} onChange={(verdict) => onChange({ verdict })} />
      <Select
        id="evidence-status-filter"
        label="Analysis status"
        value={view.status}
        values={STATUS_FILTERS}
        labels={STATUS_FILTER_LABELS}
        onChange={(status) => onChange({ status })}
      />
      <Select
        id="evidence-kind-filter"
        label="Type"
        value={view.kind}
        values={KIND_FILTERS}
        labels={KIND_FILTER_LABELS}
        onChange={(kind) => onChange({ kind })}
      />
    </div>
  );
}
