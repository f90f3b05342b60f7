import { describe, expect, it } from 'vitest';
import { FailureLimiter } from './rate-limit.ts';

describe('FailureLimiter', () => {
  it('blocks after the limit within the window and frees the key as failures age out', () => {
    let now = 0;
    const limiter = new FailureLimiter(3, 1000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter('k')).toBe(0);
      limiter.fail('k');
      now += 100;
    }
    expect(limiter.retryAfter('k')).toBe(700); // first failure at 0 expires at 1000
    expect(limiter.retryAfter('other')).toBe(0);
    now = 1001;
    expect(limiter.retryAfter('k')).toBe(0);
  });

  it('forgets a key on reset', () => {
    const limiter = new FailureLimiter(1, 1000, () => 0);
    limiter.fail('k');
    expect(limiter.retryAfter('k')).toBeGreaterThan(0);
    limiter.reset('k');
    expect(limiter.retryAfter('k')).toBe(0);
  });
});
