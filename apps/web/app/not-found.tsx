import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Not found' };

/**
 * The 404 page: for a route that does not exist (served with HTTP 404) and for a case or evidence
 * id the API does not know or does not share with the viewer (CaseView and MediaView call
 * notFound() on NOT_FOUND), so a mistyped or stale link says so instead of showing an error.
 */
export default function NotFound() {
  return (
    <main className="container container--narrow">
      <div className="card notice-page" data-testid="not-found">
        <p className="media-page__kicker">Error 404</p>
        <h1>Page not found</h1>
        <p>
          There is nothing at this address. The link may be mistyped or out of date, or the case or evidence
          it points to may not be shared with you.
        </p>
        <ul>
          <li>
            <Link href="/cases">Go to all cases</Link>
          </li>
          <li>
            If a colleague sent the link, ask them to add you to the case, then open it from your case list.
          </li>
        </ul>
      </div>
    </main>
  );
}
