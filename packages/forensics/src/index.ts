/**
 * @loupe/forensics — weight-free forensic signals for still images: error level analysis, noise
 * consistency, JPEG quantisation/double-compression, metadata consistency and perceptual hashes.
 * Every signal carries the parameters and method needed to explain and reproduce it.
 */
export type {
  AnalyzeOptions,
  ForensicMap,
  ForensicReport,
  JpegSignals,
  MetadataSummary,
  PerceptualHashes,
} from './types.ts';
export { analyzeForensics } from './analyze.ts';
export { renderMapOverlay } from './map.ts';
export { errorLevelAnalysis } from './ela.ts';
export { noiseResidual } from './noise.ts';
export { readJpegSignals } from './jpeg/index.ts';
export { summarizeMetadata } from './metadata.ts';
export { hammingDistance, perceptualHashes } from './hashes.ts';
export { ForensicsInputError } from './errors.ts';
export { validateImageFile, PIXEL_LIMIT } from './validate.ts';
export { INFERNO } from './inferno.ts';
