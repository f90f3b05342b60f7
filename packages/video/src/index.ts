export { VideoError, type VideoErrorCode } from './errors.ts';
export { ffmpegBinaries, runBinary, inputUrl, SAFE_INPUT_OPTIONS, type RunOptions } from './ffmpeg.ts';
export {
  probeVideo,
  ACCEPTED_CODECS,
  DEMUXER,
  type VideoCaps,
  type VideoContainer,
  type VideoFacts,
  type AudioFacts,
  type StoredVideoFacts,
} from './probe.ts';
export {
  sampleFrames,
  decodeSequential,
  chooseStrategy,
  decodeFrameAt,
  decodeEveryFrame,
  uniformTimestamps,
  denseTimestamps,
  type SampledFrame,
  type SamplingStrategy,
} from './sample.ts';
export {
  parseSampling,
  requestedFrames,
  samplingPlan,
  samplingProblem,
  MAX_SAMPLING_FPS,
  type VideoSampling,
} from './sampling.ts';
export { CONTAINER_OF_MIME } from './containers.ts';
