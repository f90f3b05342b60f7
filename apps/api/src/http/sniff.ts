// Moved to @loupe/storage so the known-fakes import CLI (worker) applies the same checks as uploads.
export {
  ACCEPTED,
  VIDEO_ACCEPTED,
  checkDeclared,
  sniff,
  sniffVideo,
  type AcceptedType,
  type AcceptedVideoType,
} from '@loupe/storage';
