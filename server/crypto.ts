/**
 * Encryption at rest for Meta secrets (customer access tokens, the app secret).
 *
 * AES-256-GCM with a 32-byte key from `TOKEN_ENCRYPTION_KEY` (64 hex characters or base64).
 * A sealed value is `v1.<base64(iv ‖ tag ‖ ciphertext)>`: a fresh 12-byte IV per seal (NIST SP
 * 800-38D §8.2), the 16-byte tag authenticates it, and the additional authenticated data (AAD)
 * binds each ciphertext to the row it belongs to (`connection:<id>`), so a ciphertext copied onto
 * another row fails to open instead of silently lending that row someone else's token.
 *
 * Key source, in order: the environment; otherwise, outside production, a key file generated next
 * to the database (mode 0600) and announced on stderr; with NODE_ENV=production the server refuses
 * to start without the environment key (a key sitting next to the data it protects is a
 * development convenience, not protection).
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A sealed (encrypted) secret as stored; only {@link SecretBox.open} turns it back into text. */
export type Sealed = string & { readonly __sealed: true };

export class SecretBox {
  readonly #key: Buffer;

  readonly #fingerprintKey: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('the encryption key must be 32 bytes');
    this.#key = Buffer.from(key);
    // A separate subkey (HKDF, RFC 5869) so fingerprints reveal nothing about the encryption key.
    this.#fingerprintKey = Buffer.from(hkdfSync('sha256', this.#key, Buffer.alloc(0), 'reconnect-assistant fingerprint v1', 32));
  }

  /**
   * A keyed digest of a secret, stored next to its sealed value: tells "same token as before"
   * without decrypting, and (keyed) cannot be used to test guesses without the key.
   */
  fingerprint(plaintext: string): string {
    return createHmac('sha256', this.#fingerprintKey).update(plaintext, 'utf8').digest('hex');
  }

  /**
   * A key for another purpose (e.g. signing reconnect states), derived from the encryption key with
   * HKDF (RFC 5869): every instance sharing TOKEN_ENCRYPTION_KEY derives the same one, and it
   * reveals nothing about the encryption key.
   */
  deriveKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.#key, Buffer.alloc(0), `reconnect-assistant ${purpose}`, 32));
  }

  seal(plaintext: string, context: string): Sealed {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}` as Sealed;
  }

  /** Throws {@link SecretOpenError} when the value was sealed with another key or for another row. */
  open(sealed: Sealed, context: string): string {
    const [version, payload] = sealed.split('.', 2);
    if (version !== VERSION || !payload) throw new SecretOpenError('unknown sealed-value format');
    const raw = Buffer.from(payload, 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretOpenError('sealed value too short');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretOpenError('cannot decrypt: wrong key, or the value belongs to another record');
    }
  }
}

export class SecretOpenError extends Error {}

/** Parses a key given as 64 hex characters or as base64 (standard or URL-safe) of 32 bytes. */
export function parseKey(text: string): Buffer {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) {
    const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === 32) return bytes;
  }
  throw new Error('TOKEN_ENCRYPTION_KEY must be 32 bytes given as 64 hex characters or base64 (e.g. `openssl rand -hex 32`)');
}

export interface KeySource {
  key: Buffer;
  /** Where it came from, for the start-up message (never the key itself). */
  origin: 'environment' | 'generated-file' | 'existing-file';
  keyFile: string | null;
}

/**
 * Resolves the key: `TOKEN_ENCRYPTION_KEY`, else (not in production) `<db>.key`, created on first
 * use. `note` receives one human line for stderr when a file key is used.
 */
export function resolveEncryptionKey(options: {
  env: NodeJS.ProcessEnv;
  dbPath: string;
  note: (line: string) => void;
}): KeySource {
  const fromEnv = options.env.TOKEN_ENCRYPTION_KEY;
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    return { key: parseKey(fromEnv), origin: 'environment', keyFile: null };
  }
  if (options.env.NODE_ENV === 'production') {
    throw new Error('NODE_ENV=production requires TOKEN_ENCRYPTION_KEY (32 bytes as 64 hex characters or base64); refusing to start');
  }
  const keyFile = `${options.dbPath}.key`;
  if (existsSync(keyFile)) {
    // The key decrypts every stored Meta token: a copy other users can read is a leak waiting.
    const mode = statSync(keyFile).mode & 0o777;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      throw new Error(`the key file ${keyFile} can be read by other users (mode ${mode.toString(8).padStart(3, '0')}): run \`chmod 600 ${keyFile}\`, or set TOKEN_ENCRYPTION_KEY`);
    }
    options.note(`development: using the local encryption key in ${keyFile} (set TOKEN_ENCRYPTION_KEY in production)`);
    return { key: parseKey(readFileSync(keyFile, 'utf8')), origin: 'existing-file', keyFile };
  }
  const key = randomBytes(32);
  mkdirSync(path.dirname(path.resolve(keyFile)), { recursive: true });
  // 'wx': never overwrite a key that appeared meanwhile (it may protect existing data).
  writeFileSync(keyFile, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  options.note(`development: generated a local encryption key in ${keyFile} (set TOKEN_ENCRYPTION_KEY in production)`);
  return { key, origin: 'generated-file', keyFile };
}
