/**
 * Objects this context got from a zod parse, remembered by schema, so a module that receives one
 * need not parse it again (the status cache, given the status the backend client just checked:
 * about 80 ms at 5,000 workspaces). By identity: only the very object the parse returned counts,
 * and the extension never mutates a parsed value (updates make copies). Content-script safe.
 */
import type { ZodType } from 'zod';

const parsedBy = new WeakMap<object, ZodType>();

/** Records that `value` is the output of `schema`'s parse. Returns it. */
export function rememberParsed<T>(schema: ZodType, value: T): T {
  if (typeof value === 'object' && value !== null) parsedBy.set(value, schema);
  return value;
}

/** True when `value` is an object `schema`'s parse returned in this context. */
export function wasParsedBy(schema: ZodType, value: unknown): boolean {
  return typeof value === 'object' && value !== null && parsedBy.get(value) === schema;
}
