interface AlertProps {
  /** Nothing is rendered when the message is empty. */
  message: string | null | undefined;
  tone?: 'error' | 'success';
}

/** Inline feedback. Errors are announced immediately (role="alert"), successes politely. */
export function Alert({ message, tone = 'error' }: AlertProps) {
  if (!message) return null;
  return (
    <p className={`alert alert--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {message}
    </p>
  );
}
