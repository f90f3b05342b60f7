interface ProgressBarProps {
  /** Accessible name, e.g. "Upload progress". */
  label: string;
  /** 0 to 100; null for an indeterminate bar. */
  value: number | null;
  /** Read out instead of the bare percentage, e.g. "12.5 MiB of 40 MiB". */
  valueText?: string;
}

export function ProgressBar({ label, value, valueText }: ProgressBarProps) {
  const clamped = value === null ? null : Math.min(100, Math.max(0, value));
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={clamped === null ? undefined : Math.round(clamped)}
      aria-valuetext={valueText}
    >
      <div
        className={clamped === null ? 'progress__bar progress__bar--indeterminate' : 'progress__bar'}
        style={clamped === null ? undefined : { width: `${clamped}%` }}
      />
    </div>
  );
}
