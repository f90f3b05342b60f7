// Moved to @loupe/storage so the known-fakes import CLI (worker) applies the same checks as uploads.
export {
  ACCEPTED,
  VIDEO_ACCEPTED,
  SEQUENCE_ACCEPTED,
  checkDeclared,
  sniff,
  sniffVideo,
  sniffZip,
  type AcceptedType,
  type AcceptedVideoType,
  type AcceptedSequenceType,
} from '@loupe/storage';
