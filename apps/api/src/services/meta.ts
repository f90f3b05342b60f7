/** Where a request came from, recorded with every audit event it causes. */
export interface RequestMeta {
  requestId?: string | undefined;
  clientAddress?: string | undefined;
  userAgent?: string | undefined;
}
