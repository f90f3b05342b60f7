export { buildZip, zerosBomb, type ZipMember } from './zip.ts';
export { storeOriginalBytes } from './originals.ts';
