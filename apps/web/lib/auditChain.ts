/** The administrators' check of the whole audit chain and its signed checkpoints. */
export const VERIFY_AUDIT_CHAIN_QUERY = `query VerifyAuditChain {
  verifyAuditChain {
    ok checked firstBrokenEvent { id reason }
    checkpointsVerified checkpointsNotVerifiedReason checkpointsChecked eventsAfterLatestSignedHead
    latestSignedHead { seq hash signedAt keyFingerprint }
    failures { seq reason }
    publicKey { fingerprint source }
  }
}`;

export interface AuditChainVerification {
  ok: boolean;
  checked: number;
  firstBrokenEvent: { id: string; reason: string } | null;
  checkpointsVerified: boolean;
  checkpointsNotVerifiedReason: string | null;
  checkpointsChecked: number;
  eventsAfterLatestSignedHead: number;
  latestSignedHead: { seq: string; hash: string; signedAt: string; keyFingerprint: string } | null;
  failures: { seq: string; reason: string }[];
  publicKey: { fingerprint: string; source: string } | null;
}
