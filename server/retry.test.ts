import { describe, expect, it } from 'vitest';
import { backoffDelayMs, retryWithBackoff, RetryStopped } from './retry';
import { databaseUnreachableReason } from './store/db-unreachable';

const backoff = { firstMs: 500, maxMs: 30_000 };

describe('backoffDelayMs', () => {
  it('doubles from the first wait and stops at the cap, with 50–100 % jitter', () => {
    expect([0, 1, 2, 3, 6, 7, 40].map((n) => backoffDelayMs(n, backoff, () => 0.999999))).toEqual([500, 1000, 2000, 4000, 30_000, 30_000, 30_000]);
    expect(backoffDelayMs(0, backoff, () => 0)).toBe(250);
    expect(backoffDelayMs(100, backoff, () => 0)).toBe(15_000);
  });
});

describe('retryWithBackoff', () => {
  const fast = { firstMs: 1, maxMs: 2 };

  it('retries what shouldRetry accepts, reporting each failure, and returns the first success', async () => {
    const failures: number[] = [];
    const result = await retryWithBackoff(
      async (attempt) => {
        if (attempt < 3) throw Object.assign(new Error('down'), { code: 'ECONNREFUSED' });
        return `ok after ${attempt}`;
      },
      { backoff: fast, shouldRetry: () => true, onFailure: (_e, attempt) => failures.push(attempt) },
    );
    expect(result).toBe('ok after 3');
    expect(failures).toEqual([0, 1, 2]);
  });

  it('rethrows at once what shouldRetry refuses', async () => {
    let attempts = 0;
    const wrong = new Error('password authentication failed');
    await expect(
      retryWithBackoff(
        async () => {
          attempts++;
          throw wrong;
        },
        { backoff: fast, shouldRetry: () => false, onFailure: () => undefined },
      ),
    ).rejects.toBe(wrong);
    expect(attempts).toBe(1);
  });

  it('stops waiting when its signal aborts', async () => {
    const stop = new AbortController();
    const running = retryWithBackoff(
      async () => {
        throw new Error('down');
      },
      { backoff: { firstMs: 60_000, maxMs: 60_000 }, shouldRetry: () => true, onFailure: () => setTimeout(() => stop.abort(), 10), signal: stop.signal },
    );
    await expect(running).rejects.toBeInstanceOf(RetryStopped);
  });
});

describe('databaseUnreachableReason', () => {
  const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

  it('names network failures and a server that is starting or stopping, without host or user', () => {
    expect(databaseUnreachableReason(withCode('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.5:5432'))).toBe('the database is not reachable (ECONNREFUSED)');
    expect(databaseUnreachableReason(withCode('ENOTFOUND', 'getaddrinfo ENOTFOUND db.internal'))).toBe('the database is not reachable (ENOTFOUND)');
    expect(databaseUnreachableReason(withCode('57P03', 'the database system is starting up'))).toBe('the database server is starting up (57P03)');
    expect(databaseUnreachableReason(withCode('57P01'))).toBe('the database server is shutting down (57P01)');
    expect(databaseUnreachableReason(withCode('08006'))).toBe('the database connection failed (08006)');
    expect(databaseUnreachableReason(new Error('timeout exceeded when trying to connect'))).toMatch(/not reachable/);
    expect(databaseUnreachableReason(new Error('Connection terminated unexpectedly'))).toMatch(/not reachable/);
    expect(databaseUnreachableReason(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]))).toBe('the database is not reachable (ECONNREFUSED)');
    expect(databaseUnreachableReason(new Error('wrapped', { cause: withCode('ETIMEDOUT') }))).toBe('the database is not reachable (ETIMEDOUT)');
  });

  it('is null for what waiting cannot fix', () => {
    expect(databaseUnreachableReason(withCode('28P01', 'password authentication failed for user "app"'))).toBeNull();
    expect(databaseUnreachableReason(withCode('3D000', 'database "x" does not exist'))).toBeNull();
    expect(databaseUnreachableReason(withCode('42P01', 'relation does not exist'))).toBeNull();
    expect(databaseUnreachableReason(new Error('the database has schema version(s) 9 that this server does not know'))).toBeNull();
    expect(databaseUnreachableReason('ECONNREFUSED')).toBeNull();
  });
});
