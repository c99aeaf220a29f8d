import { deleteDB, openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { closeKeyDb, KEY_DB, sealToken, unsealToken } from './sealed-token';

afterEach(async () => {
  await closeKeyDb();
  await deleteDB(KEY_DB);
});

describe('sealed token', () => {
  it('round-trips, with a fresh IV each time, and the blob holds no trace of the token', async () => {
    const a = await sealToken('secret-token-0001');
    const b = await sealToken('secret-token-0001');
    expect(a.iv).not.toBe(b.iv);
    expect(JSON.stringify(a)).not.toContain('secret');
    expect(await unsealToken(a)).toBe('secret-token-0001');
    expect(await unsealToken(b)).toBe('secret-token-0001');
  });

  it('keeps a key that cannot be exported', async () => {
    await sealToken('x');
    const db = await openDB(KEY_DB);
    const keys = (await db.getAll('keys')) as CryptoKey[];
    db.close();
    expect(keys).toHaveLength(1);
    expect(keys[0]?.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', keys[0]!)).rejects.toThrow();
  });

  it('reads a blob it cannot open (tampered, foreign, key gone) as null, never throws', async () => {
    const blob = await sealToken('secret');
    const flipped = { ...blob, data: `${blob.data[0] === 'A' ? 'B' : 'A'}${blob.data.slice(1)}` };
    expect(await unsealToken(flipped)).toBeNull();
    expect(await unsealToken({ v: 2 })).toBeNull();
    expect(await unsealToken('not a blob')).toBeNull();
    await closeKeyDb();
    await deleteDB(KEY_DB);
    expect(await unsealToken(blob)).toBeNull();
  });
});
