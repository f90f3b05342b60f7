import { bitsToHex } from '@/lib/format';
import { graphql, useFragment, type FragmentType } from '@/lib/gql';

export const HashesViewHashesFragment = graphql(`
  fragment HashesView_Hashes on PerceptualHashes {
    phash
    dhash
  }
`);

function HashValue({ bits, testId }: { bits: string; testId: string }) {
  const hex = bitsToHex(bits);
  return (
    <code className="hash hash--full" title={`${bits.length} bits: ${bits}`} data-testid={testId}>
      {hex ?? bits}
    </code>
  );
}

/** 64-bit perceptual hashes as 16 hex digits (the binary string in the title attribute). */
export function HashesView({
  hashes: ref,
}: {
  hashes: FragmentType<typeof HashesViewHashesFragment> | null;
}) {
  const hashes = useFragment(HashesViewHashesFragment, ref);
  return (
    <section className="signals__group" aria-labelledby="hashes-heading">
      <h3 id="hashes-heading">Perceptual hashes</h3>
      {hashes ? (
        <>
          <dl className="facts">
            <div className="facts__row">
              <dt>pHash (DCT)</dt>
              <dd>
                <HashValue bits={hashes.phash} testId="phash" />
              </dd>
            </div>
            <div className="facts__row">
              <dt>dHash (difference)</dt>
              <dd>
                <HashValue bits={hashes.dhash} testId="dhash" />
              </dd>
            </div>
          </dl>
          <p className="field__hint">
            Similar images have hashes that differ in few bits; they identify near-duplicates, not the exact
            file (that is the SHA-256).
          </p>
        </>
      ) : (
        <p className="muted">No perceptual hashes were recorded.</p>
      )}
    </section>
  );
}
