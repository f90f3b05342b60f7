/** Why a video was refused or could not be read; `code` is stable, `message` is for the investigator. */
export type VideoErrorCode =
  'CORRUPT' | 'NO_VIDEO_STREAM' | 'ZERO_FRAMES' | 'UNSUPPORTED' | 'OVER_CAP' | 'TIMEOUT' | 'TOO_LARGE';

export class VideoError extends Error {
  constructor(
    readonly code: VideoErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'VideoError';
  }
}
