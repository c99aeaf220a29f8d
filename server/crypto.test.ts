// @vitest-environment node
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseKey, resolveEncryptionKey, SecretBox, SecretOpenError, type Sealed } from './crypto';

describe('SecretBox (AES-256-GCM)', () => {
  const box = new SecretBox(randomBytes(32));

  it('round-trips, with a fresh IV every time', () => {
    const a = box.seal('EAAG-demo-token', 'connection:a:token');
    const b = box.seal('EAAG-demo-token', 'connection:a:token');
    expect(a).not.toBe(b);
    expect(a.startsWith('v1.')).toBe(true);
    expect(box.open(a, 'connection:a:token')).toBe('EAAG-demo-token');
    expect(box.open(b, 'connection:a:token')).toBe('EAAG-demo-token');
  });

  it('refuses another row’s context, another key, and tampering', () => {
    const sealed = box.seal('secret', 'connection:a:token');
    expect(() => box.open(sealed, 'connection:b:token')).toThrow(SecretOpenError);
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'connection:a:token')).toThrow(SecretOpenError);
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => box.open(`v1.${raw.toString('base64')}` as Sealed, 'connection:a:token')).toThrow(SecretOpenError);
    expect(() => box.open('v2.AAAA' as Sealed, 'x')).toThrow(/format/);
    expect(() => box.open('v1.AAAA' as Sealed, 'x')).toThrow(/too short/);
  });

  it('fingerprints deterministically per key, without revealing the secret', () => {
    const key = randomBytes(32);
    expect(new SecretBox(key).fingerprint('t')).toBe(new SecretBox(key).fingerprint('t'));
    expect(new SecretBox(key).fingerprint('t')).not.toBe(new SecretBox(randomBytes(32)).fingerprint('t'));
    expect(new SecretBox(key).fingerprint('t')).not.toContain('t'.repeat(2));
  });

  it('needs a 32-byte key', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('parseKey', () => {
  const key = randomBytes(32);
  it.each([
    ['hex', key.toString('hex')],
    ['HEX', key.toString('hex').toUpperCase()],
    ['base64', key.toString('base64')],
    ['base64url', key.toString('base64url')],
    ['with whitespace', `  ${key.toString('hex')}\n`],
  ])('accepts %s', (_label, text) => {
    expect(parseKey(text).equals(key)).toBe(true);
  });
  it.each([['short hex', 'ab'.repeat(31)], ['16 bytes base64', randomBytes(16).toString('base64')], ['junk', 'not a key!'], ['empty', '']])(
    'refuses %s',
    (_label, text) => {
      expect(() => parseKey(text)).toThrow(/64 hex characters or base64/);
    },
  );
});

describe('resolveEncryptionKey', () => {
  let dir: string | null = null;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });
  const temp = () => (dir = mkdtempSync(path.join(tmpdir(), 'ra-key-')));

  it('takes TOKEN_ENCRYPTION_KEY first', () => {
    const key = randomBytes(32);
    const notes: string[] = [];
    const source = resolveEncryptionKey({ env: { TOKEN_ENCRYPTION_KEY: key.toString('hex'), NODE_ENV: 'production' }, dbPath: path.join(temp(), 'db.sqlite'), note: (l) => notes.push(l) });
    expect(source.origin).toBe('environment');
    expect(source.key.equals(key)).toBe(true);
    expect(notes).toEqual([]);
  });

  it('refuses production without it, and writes no key file', () => {
    const dbPath = path.join(temp(), 'db.sqlite');
    expect(() => resolveEncryptionKey({ env: { NODE_ENV: 'production' }, dbPath, note: () => {} })).toThrow(/NODE_ENV=production requires TOKEN_ENCRYPTION_KEY/);
    expect(existsSync(`${dbPath}.key`)).toBe(false);
  });

  it('in development creates <db>.key (0600), says so, then reuses it', () => {
    const dbPath = path.join(temp(), 'db.sqlite');
    const notes: string[] = [];
    const first = resolveEncryptionKey({ env: {}, dbPath, note: (l) => notes.push(l) });
    expect(first.origin).toBe('generated-file');
    expect(statSync(`${dbPath}.key`).mode & 0o777).toBe(0o600);
    expect(readFileSync(`${dbPath}.key`, 'utf8').trim()).toBe(first.key.toString('hex'));
    const second = resolveEncryptionKey({ env: {}, dbPath, note: (l) => notes.push(l) });
    expect(second.origin).toBe('existing-file');
    expect(second.key.equals(first.key)).toBe(true);
    expect(notes).toEqual([expect.stringContaining('generated a local encryption key'), expect.stringContaining('using the local encryption key')]);
  });

  it('refuses a key file that other users can read, and says how to fix it', () => {
    const dbPath = path.join(temp(), 'db.sqlite');
    resolveEncryptionKey({ env: {}, dbPath, note: () => {} });
    chmodSync(`${dbPath}.key`, 0o644);
    expect(() => resolveEncryptionKey({ env: {}, dbPath, note: () => {} })).toThrow(/can be read by other users \(mode 644\): run `chmod 600/);
    chmodSync(`${dbPath}.key`, 0o600);
    expect(resolveEncryptionKey({ env: {}, dbPath, note: () => {} }).origin).toBe('existing-file');
  });
});
