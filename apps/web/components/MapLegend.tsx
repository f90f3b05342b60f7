/** Inferno (matplotlib), the overlay colour map of every Loupe map, sampled at levels 0, 32, …, 255. */
const INFERNO_STOPS = [
  '#000004',
  '#210c4a',
  '#57106e',
  '#8a226a',
  '#bc3754',
  '#e45a31',
  '#f98e09',
  '#f9cb35',
  '#fcffa4',
];

/** The colour scale of the map on show: inferno for overlays, black to white for grey maps. */
export function MapLegend({ overlay }: { overlay: boolean }) {
  const gradient = overlay
    ? `linear-gradient(to right, ${INFERNO_STOPS.join(', ')})`
    : 'linear-gradient(to right, #000, #fff)';
  return (
    <figure className="legend" data-testid="map-legend">
      <div className="legend__bar" style={{ backgroundImage: gradient }} aria-hidden="true" />
      <figcaption className="legend__scale">
        <span>0 · low</span>
        <span>map level (8-bit)</span>
        <span>255 · high</span>
      </figcaption>
      <p className="field__hint">
        {overlay
          ? 'Colour overlay: inferno colours over a grey copy of the image; low levels are mostly transparent.'
          : 'Grey map: black is the lowest level, white the highest (brighter = more suspicious).'}
      </p>
    </figure>
  );
}
