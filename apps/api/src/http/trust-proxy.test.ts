import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';
import { describe, expect, it } from 'vitest';
import { trustProxy } from './trust-proxy.ts';

/** What Express's `req.ip` is for a connection from `peer` carrying `forwardedFor`. */
function clientAddress(peer: string, forwardedFor: string | undefined, trust: ReturnType<typeof trustProxy>) {
  const req = {
    socket: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  } as unknown as IncomingMessage;
  return proxyAddr(req, trust);
}

describe('trustProxy', () => {
  const defaults = trustProxy({ addresses: ['loopback'], hops: 1 });

  it.each([
    // [peer, X-Forwarded-For, client address]
    ['127.0.0.1', undefined, '127.0.0.1'],
    ['127.0.0.1', '203.0.113.9', '203.0.113.9'],
    ['::ffff:127.0.0.1', '203.0.113.9', '203.0.113.9'],
    ['::1', '203.0.113.9', '203.0.113.9'],
    // Only the rightmost entry (the web server's) counts; what a client wrote to its left does not.
    ['127.0.0.1', '6.6.6.6, 7.7.7.7', '7.7.7.7'],
    // A chain of forged loopback hops cannot walk further left.
    ['127.0.0.1', '6.6.6.6, 127.0.0.1', '127.0.0.1'],
    ['127.0.0.1', '6.6.6.6, ::1, 127.0.0.1', '127.0.0.1'],
    // A peer that is not a listed proxy is the client, whatever it sends.
    ['203.0.113.9', '6.6.6.6', '203.0.113.9'],
  ])('from %s with X-Forwarded-For %j, the client is %s', (peer, forwardedFor, expected) => {
    expect(clientAddress(peer, forwardedFor, defaults)).toBe(expected);
  });

  it('trusts a second hop only when it is listed', () => {
    const trust = trustProxy({ addresses: ['loopback', '10.0.0.5'], hops: 2 });
    // web (loopback) <- nginx (10.0.0.5) <- client
    expect(clientAddress('127.0.0.1', '6.6.6.6, 198.51.100.4, 10.0.0.5', trust)).toBe('198.51.100.4');
    // The second hop is not the listed proxy: it is the client.
    expect(clientAddress('127.0.0.1', '6.6.6.6, 198.51.100.4', trust)).toBe('198.51.100.4');
    expect(clientAddress('127.0.0.1', '6.6.6.6, 10.0.0.5, 10.0.0.5', trust)).toBe('10.0.0.5');
  });

  it('trusts nobody with zero hops', () => {
    const trust = trustProxy({ addresses: ['loopback'], hops: 0 });
    expect(clientAddress('127.0.0.1', '6.6.6.6', trust)).toBe('127.0.0.1');
  });
});
