'use client';

import { useEffect, useState } from 'react';

interface CopyButtonProps {
  text: string;
  /** Accessible name, e.g. "Copy SHA-256". Stays the same after copying. */
  label: string;
}

/** Copies `text` to the clipboard and says so in a polite live region. */
export function CopyButton({ text, label }: CopyButtonProps) {
  const [message, setMessage] = useState('');

  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage(''), 3000);
    return () => clearTimeout(timer);
  }, [message]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setMessage('Copied');
    } catch {
      setMessage('Could not copy: select the text and copy it instead.');
    }
  }

  return (
    <span className="copy">
      <button
        type="button"
        className="button button--secondary button--small"
        aria-label={label}
        onClick={copy}
      >
        Copy
      </button>
      <span className="copy__status muted" role="status" aria-live="polite">
        {message}
      </span>
    </span>
  );
}
