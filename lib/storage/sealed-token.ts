/**
 * The backend token at rest: an AES-GCM blob in `storage.local`, its key a non-extractable
 * `CryptoKey` in the extension's own IndexedDB.
 *
 * Why: on Firefox `storage.local` cannot be closed to content scripts (Chrome closes it, see
 * lib/storage/access.ts). A content script's `indexedDB` is the page origin's, never the
 * extension's, so even a content script that read the blob could not read the key; and a
 * non-extractable key cannot be exported by anyone
 * (https://developer.mozilla.org/en-US/docs/Web/API/CryptoKey/extractable). Only extension pages and
 * the background, which share the extension's origin, can open the blob.
 *
 * Never throws: a missing key or a blob that does not open reads as "no token" (the admin enters it
 * again), never as a crash.
 */
import { openDB, type IDBPDatabase } from 'idb';
import { z } from 'zod';

export const KEY_DB = 'reconnect-assistant-keys';
const STORE = 'keys';
const KEY_ID = 'backend-token-v1';

export const SealedToken = z.object({
  v: z.literal(1),
  iv: z.string().regex(/^[A-Za-z0-9+/=]{16}$/),
  data: z.string().regex(/^[A-Za-z0-9+/=]+$/).max(8000),
});
export type SealedToken = z.infer<typeof SealedToken>;

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

let dbPromise: Promise<IDBPDatabase> | null = null;
const db = () => (dbPromise ??= openDB(KEY_DB, 1, { upgrade: (d) => void d.createObjectStore(STORE) }));

/** Closes the key database (tests delete it between cases). */
export async function closeKeyDb(): Promise<void> {
  const open = dbPromise;
  dbPromise = null;
  if (open) (await open).close();
}

/** The key, created on first use; two contexts creating it at once agree on the first one stored. */
async function tokenKey(create: boolean): Promise<CryptoKey | null> {
  const database = await db();
  const existing = (await database.get(STORE, KEY_ID)) as CryptoKey | undefined;
  if (existing || !create) return existing ?? null;
  const candidate = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const tx = database.transaction(STORE, 'readwrite');
  const raced = (await tx.store.get(KEY_ID)) as CryptoKey | undefined;
  if (!raced) await tx.store.add(candidate, KEY_ID);
  await tx.done;
  return raced ?? candidate;
}

export async function sealToken(token: string): Promise<SealedToken> {
  const key = await tokenKey(true);
  if (!key) throw new Error('no token key');
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(token)));
  return { v: 1, iv: toBase64(iv), data: toBase64(data) };
}

/** The token, or null when the blob is not ours, its key is gone, or it does not open. */
export async function unsealToken(raw: unknown): Promise<string | null> {
  const blob = SealedToken.safeParse(raw);
  if (!blob.success) return null;
  try {
    const key = await tokenKey(false);
    if (!key) return null;
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(blob.data.iv) }, key, fromBase64(blob.data.data));
    return new TextDecoder().decode(plain);
  } catch {
    return null;
  }
}
