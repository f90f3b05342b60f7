import {
  VERDICT_FILTERS,
  VERDICT_FILTER_LABELS,
  isVerdictFilter,
  type VerdictFilter,
} from '@/lib/verdictFilter';

interface VerdictFilterSelectProps {
  value: VerdictFilter;
  onChange: (value: VerdictFilter) => void;
}

export function VerdictFilterSelect({ value, onChange }: VerdictFilterSelectProps) {
  return (
    <div className="field field--inline">
      <label htmlFor="evidence-verdict-filter">Verdict</label>
      <select
        id="evidence-verdict-filter"
        value={value}
        onChange={(event) => {
          if (isVerdictFilter(event.target.value)) onChange(event.target.value);
        }}
      >
        {VERDICT_FILTERS.map((filter) => (
          <option key={filter} value={filter}>
            {VERDICT_FILTER_LABELS[filter]}
          </option>
        ))}
      </select>
    </div>
  );
}
