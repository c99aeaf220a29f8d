/**
 * Limits on our own API, so that one admin token (or one misbehaving extension) cannot burn the
 * Meta app's Graph limits, which every tenant shares, and so that guessing admin tokens is slow.
 *
 *   per admin          a token bucket on every /v1 request: `burst` at once, refilled at
 *                      `perMinute`; over it → 429 `rate-limited` with Retry-After
 *   per client address failed authentications only: after `failuresAllowed` within
 *                      `failureWindowMs`, further *failed* attempts answer 429 until the window
 *                      rolls on. A valid token from the same address (an office behind one NAT)
 *                      is never refused by this: it is counted against its own admin bucket only.
 *
 * The counters live in this process: behind a load balancer each instance limits on its own, so
 * the effective limit is at most N times the configured one for N instances (still bounded). The
 * per-connection check cooldown (./app.ts) is what protects Graph across instances, because it
 * reads the stored last-check time.
 */

export interface TokenBucketOptions {
  burst: number;
  perMinute: number;
  /** Entries not touched for this long are dropped (bounded memory). */
  idleMs?: number;
  now?: () => number;
}

export class TokenBuckets {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly #burst: number;
  readonly #perMs: number;
  readonly #idleMs: number;
  readonly #now: () => number;

  constructor(options: TokenBucketOptions) {
    this.#burst = options.burst;
    this.#perMs = options.perMinute / 60_000;
    this.#idleMs = options.idleMs ?? 10 * 60_000;
    this.#now = options.now ?? Date.now;
  }

  /** Takes one token for `key`: 0 when allowed, else the seconds until one is available. */
  take(key: string): number {
    const now = this.#now();
    this.#sweep(now);
    const bucket = this.#buckets.get(key) ?? { tokens: this.#burst, at: now };
    const tokens = Math.min(this.#burst, bucket.tokens + (now - bucket.at) * this.#perMs);
    if (tokens >= 1) {
      this.#buckets.set(key, { tokens: tokens - 1, at: now });
      return 0;
    }
    this.#buckets.set(key, { tokens, at: now });
    return Math.max(1, Math.ceil((1 - tokens) / this.#perMs / 1000));
  }

  #lastSweep = 0;
  #sweep(now: number): void {
    if (now - this.#lastSweep < this.#idleMs) return;
    this.#lastSweep = now;
    for (const [key, bucket] of this.#buckets) if (now - bucket.at > this.#idleMs) this.#buckets.delete(key);
  }
}

export interface FailureLimiterOptions {
  failuresAllowed: number;
  failureWindowMs: number;
  now?: () => number;
  /** At most this many addresses are tracked; the oldest are forgotten first. */
  maxAddresses?: number;
}

export class FailedAuthLimiter {
  readonly #failures = new Map<string, number[]>();
  readonly #options: Required<Omit<FailureLimiterOptions, 'now'>> & { now: () => number };

  constructor(options: FailureLimiterOptions) {
    this.#options = { maxAddresses: 10_000, now: Date.now, ...options };
  }

  /** Seconds this address must wait before its next failed attempt is answered (0: answer now). */
  blockedFor(address: string): number {
    const now = this.#options.now();
    const recent = this.#recent(address, now);
    if (recent.length < this.#options.failuresAllowed) return 0;
    const oldest = recent[recent.length - this.#options.failuresAllowed]!;
    return Math.max(1, Math.ceil((oldest + this.#options.failureWindowMs - now) / 1000));
  }

  recordFailure(address: string): void {
    const now = this.#options.now();
    const recent = this.#recent(address, now);
    recent.push(now);
    // Keep only what the decision needs.
    this.#failures.delete(address);
    this.#failures.set(address, recent.slice(-this.#options.failuresAllowed));
    if (this.#failures.size > this.#options.maxAddresses) {
      const first = this.#failures.keys().next().value;
      if (first !== undefined) this.#failures.delete(first);
    }
  }

  #recent(address: string, now: number): number[] {
    return (this.#failures.get(address) ?? []).filter((at) => now - at < this.#options.failureWindowMs);
  }
}
