/**
 * Reads a request body with a size limit, for POST /v1/flow-reports and Meta's webhooks.
 *
 * Why not stop reading at the limit: a server that answers 413 while the client is still
 * sending makes the client's write fail (EPIPE / "other side closed") before it can read the
 * answer, so the caller sees a network error instead of the clear 413. Up to `drainLimit` the
 * excess is read and discarded, and the 413 arrives cleanly on a reusable connection; beyond that
 * (a declared or streamed body far too large to be a mistake) we stop, answer, and close.
 */
export type BodyRead =
  | { kind: 'ok'; text: string; /** The exact bytes received (a signature is computed over these). */ bytes: Buffer }
  | { kind: 'too-large'; /** The connection still carries unread bytes: answer with Connection: close. */ closeConnection: boolean };

export async function readBodyWithLimit(request: Request, maxBytes: number, drainLimit: number): Promise<BodyRead> {
  const declared = Number(request.headers.get('Content-Length') ?? NaN);
  if (Number.isFinite(declared) && declared > drainLimit) return { kind: 'too-large', closeConnection: true };
  if (!request.body) return { kind: 'ok', text: '', bytes: Buffer.alloc(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > drainLimit) {
      await reader.cancel().catch(() => {});
      return { kind: 'too-large', closeConnection: true };
    }
    if (size <= maxBytes) chunks.push(value);
  }
  if (size > maxBytes) return { kind: 'too-large', closeConnection: false };
  const bytes = Buffer.concat(chunks);
  return { kind: 'ok', text: bytes.toString('utf8'), bytes };
}
