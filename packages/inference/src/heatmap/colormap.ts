// The overlay colour map is the one the forensic maps use (matplotlib's inferno, 256 × RGB), so
// every map Loupe draws reads the same way: brighter means a higher value.
export { INFERNO } from '@loupe/forensics';
