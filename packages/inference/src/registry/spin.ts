/**
 * ONNX Runtime's intra-op threads spin-wait between parallel sections by default, which suits a
 * machine given to inference. The worker shares its cores with pixel threads and a second
 * analysis, so spinning there burns CPU they need: `spin: false` makes idle threads sleep
 * (session config entries session.intra_op.allow_spinning / session.inter_op.allow_spinning).
 * Numbers are the same either way; only how threads wait changes.
 */
export function spinOptions(spin: boolean | undefined): { extra?: Record<string, unknown> } {
  return spin === false
    ? { extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } } }
    : {};
}
