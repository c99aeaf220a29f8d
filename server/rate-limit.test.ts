// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { FailedAuthLimiter, TokenBuckets } from './rate-limit';

describe('TokenBuckets', () => {
  it('allows a burst, then one request per refill interval, per key', () => {
    let now = 0;
    const buckets = new TokenBuckets({ burst: 3, perMinute: 60, now: () => now });
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 0]);
    expect(buckets.take('a')).toBe(1); // one token a second
    expect(buckets.take('b')).toBe(0); // another admin is not affected
    now += 1_000;
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(1);
    now += 60_000;
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 0, 1]); // never more than the burst
  });

  it('says how long to wait when the refill is slow', () => {
    let now = 0;
    const buckets = new TokenBuckets({ burst: 1, perMinute: 2, now: () => now });
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(30);
    now += 29_000;
    expect(buckets.take('a')).toBe(1);
  });
});

describe('FailedAuthLimiter', () => {
  it('blocks an address only after the allowed failures within the window, and forgets them as it rolls on', () => {
    let now = 0;
    const limiter = new FailedAuthLimiter({ failuresAllowed: 3, failureWindowMs: 60_000, now: () => now });
    for (let i = 0; i < 3; i += 1) {
      expect(limiter.blockedFor('10.0.0.1')).toBe(0);
      limiter.recordFailure('10.0.0.1');
      now += 1_000;
    }
    expect(limiter.blockedFor('10.0.0.1')).toBe(57); // the first failure leaves the window at 60 s
    expect(limiter.blockedFor('10.0.0.2')).toBe(0);
    now = 60_001;
    expect(limiter.blockedFor('10.0.0.1')).toBe(0);
  });

  it('tracks a bounded number of addresses', () => {
    const limiter = new FailedAuthLimiter({ failuresAllowed: 1, failureWindowMs: 60_000, maxAddresses: 2, now: () => 0 });
    limiter.recordFailure('a');
    limiter.recordFailure('b');
    limiter.recordFailure('c');
    expect(limiter.blockedFor('a')).toBe(0); // forgotten first
    expect(limiter.blockedFor('c')).toBeGreaterThan(0);
  });
});
