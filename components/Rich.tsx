/**
 * A translated sentence with elements in it: `<Rich text={template('access.allowedOn')} parts={{ host:
 * <strong>…</strong> }} />` puts each element where its `{name}` stands in the sentence, so a
 * language can put it anywhere. Text stays text (no markup is parsed); a `{name}` with no part is
 * shown as written.
 */
import { Fragment, type ReactNode } from 'react';

export function Rich({ text, parts }: { text: string; parts: Record<string, ReactNode> }) {
  const pieces = text.split(/\{([A-Za-z0-9_]+)\}/);
  return (
    <>
      {pieces.map((piece, i) => (
        <Fragment key={i}>{i % 2 === 0 ? piece : Object.hasOwn(parts, piece) ? parts[piece] : `{${piece}}`}</Fragment>
      ))}
    </>
  );
}
