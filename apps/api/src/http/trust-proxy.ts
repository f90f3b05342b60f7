import type { ApiConfig } from '@loupe/config';
import proxyAddr from 'proxy-addr';

/**
 * Express `trust proxy` function. `req.ip` walks X-Forwarded-For from the right (the entry the
 * nearest proxy added) and stops at the first hop it does not trust; this trusts at most `hops`
 * hops, and each only when its address is listed. With the defaults (loopback, one hop) the web
 * server's entry names the client and anything a client wrote further left is ignored, however
 * many loopback addresses it lists.
 */
export function trustProxy({
  addresses,
  hops,
}: ApiConfig['trustProxy']): (addr: string, i: number) => boolean {
  const listed = proxyAddr.compile(addresses);
  return (addr, i) => i < hops && listed(addr, i);
}
