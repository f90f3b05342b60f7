/** Shown whenever a result comes from Loupe's built-in test fixture instead of a real detector. */
export function TestFixtureBanner() {
  return (
    <div className="banner banner--warning">
      <p className="banner__title" role="note">
        Test fixture — not evidence
      </p>
      <p className="banner__text">
        This analysis was scored by Loupe&rsquo;s built-in test model, which exists only to exercise the
        software. Its p(fake), label and detector map mean nothing about this image: do not cite them.
      </p>
    </div>
  );
}
