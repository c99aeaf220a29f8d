/**
 * The reconnect pages the backend serves to the admin's browser: server-rendered HTML, every
 * dynamic value escaped, no script, no external resource, and a strict Content-Security-Policy
 * (one hashed inline stylesheet, nothing else). `Referrer-Policy: no-referrer` keeps the link's
 * ticket and the callback's query out of any Referer header.
 */
import { createHash } from 'node:crypto';

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1c1e21;background:#fff}
h1{font-size:1.5rem}
.ok{color:#0a7a2f}.warn{color:#8a5a00}.bad{color:#b3261e}
a.button{display:inline-block;padding:.6rem 1.2rem;border-radius:6px;background:#0866ff;color:#fff;text-decoration:none;font-weight:600}
a.button:focus-visible{outline:3px solid #1c1e21;outline-offset:2px}
li{margin:.25rem 0}
.small{color:#555;font-size:.9rem}
`;

const STYLE_HASH = createHash('sha256').update(STYLE, 'utf8').digest('base64');

export const PAGE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/** Content is built only from these parts, so nothing unescaped can slip in. */
export type Part =
  | { p: string; tone?: 'ok' | 'warn' | 'bad' | 'small' }
  | { list: string[] }
  | { button: { href: string; label: string } };

export function renderPage(title: string, parts: Part[], tone?: 'ok' | 'warn' | 'bad'): string {
  const body = parts
    .map((part) => {
      if ('p' in part) return `<p${part.tone ? ` class="${part.tone}"` : ''}>${escapeHtml(part.p)}</p>`;
      if ('list' in part) return `<ul>${part.list.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
      return `<p><a class="button" href="${escapeHtml(part.button.href)}" rel="noreferrer">${escapeHtml(part.button.label)}</a></p>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1${tone ? ` class="${tone}"` : ''}>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>
`;
}
