/** Bad evaluation input (mismatched lengths, a label that is not 0/1, one class only…); the message is safe to show. */
export class EvalInputError extends Error {
  override readonly name = 'EvalInputError';
}
