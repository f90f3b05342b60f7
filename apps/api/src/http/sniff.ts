// Moved to @loupe/storage so the known-fakes import CLI (worker) applies the same checks as uploads.
export { ACCEPTED, checkDeclared, sniff, type AcceptedType } from '@loupe/storage';
