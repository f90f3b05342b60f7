'use client';

import { useState } from 'react';

interface ConfirmButtonProps {
  /** The button's text, e.g. "Remove". */
  label: string;
  /** Accessible name of the first button, e.g. "Remove ana@example.org". */
  ariaLabel: string;
  /** Asked before anything happens, e.g. "Remove ana@example.org from the case?". */
  question: string;
  pending?: boolean;
  disabled?: boolean;
  onConfirm: () => void;
}

/** A destructive action that asks first: nothing is removed on a single click. */
export function ConfirmButton({
  label,
  ariaLabel,
  question,
  pending,
  disabled,
  onConfirm,
}: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  if (pending) {
    return (
      <button type="button" className="button button--danger button--small" disabled>
        Working…
      </button>
    );
  }
  if (!asking) {
    return (
      <button
        type="button"
        className="button button--danger button--small"
        aria-label={ariaLabel}
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={question}>
      <span className="confirm__question">{question}</span>
      <button
        type="button"
        className="button button--danger button--small"
        autoFocus
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        Yes, {label.toLowerCase()}
      </button>
      <button
        type="button"
        className="button button--secondary button--small"
        onClick={() => setAsking(false)}
      >
        Cancel
      </button>
    </span>
  );
}
