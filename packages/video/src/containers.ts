import type { VideoContainer } from './probe.ts';

/** The container each accepted video MIME type (as sniffed from its bytes) is probed as. */
export const CONTAINER_OF_MIME = {
  'video/mp4': 'MP4',
  'video/quicktime': 'MOV',
  'video/webm': 'WEBM',
  'video/x-matroska': 'MKV',
} as const satisfies Record<string, VideoContainer>;
