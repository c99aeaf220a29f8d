/**
 * Fields that have a check of their own (`plan.reconnect-url`, `plan.app-id`): a schema check
 * leaves them to that check, so one defect fails one check, named for it — a relative reconnect
 * URL fails `plan.reconnect-url`, not the schema check too.
 *
 * The schema check validates a copy in which each owned field that its own check rejects is
 * replaced by a valid stand-in, and lists the field as deferred. Replacing (rather than filtering
 * issues afterwards) also keeps the schema away from values it cannot handle: lib/contract's
 * HttpsOrLocalUrl refinement calls `new URL()` on what z.url() already refused, and throws on it.
 */
import { MetaId } from '../../lib/contract';

const STAND_IN: Record<string, { valid: (value: unknown) => boolean; value: string }> = {
  reconnectUrl: { valid: (value) => isHttpsOrLoopbackUrl(value), value: 'https://stand-in.invalid/' },
  appId: { valid: (value) => MetaId.safeParse(value).success, value: '1' },
};

/** Absolute https URL, or http on this machine; never throws. */
export function isHttpsOrLoopbackUrl(value: unknown): boolean {
  if (typeof value !== 'string' || !URL.canParse(value)) return false;
  const url = new URL(value);
  return url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
}

export function deferOwnedFields(value: unknown): { value: unknown; deferred: string[] } {
  const deferred: string[] = [];
  const walk = (node: unknown, path: string[]): unknown => {
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, String(i)]));
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      const owned = STAND_IN[key];
      if (owned && !owned.valid(child)) {
        deferred.push([...path, key].join('.'));
        out[key] = owned.value;
      } else {
        out[key] = walk(child, [...path, key]);
      }
    }
    return out;
  };
  return { value: walk(value, []), deferred };
}
