/**
 * The one UTC time format of the extension's texts: `2026-11-21 10:00 UTC`. Deterministic (no
 * locale, no time zone of the machine), so the same data gives the same words in tests and in the
 * browser. Content-script safe.
 */
export function formatUtc(iso: string | null, unknown = 'an unknown time'): string {
  if (iso === null) return unknown;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return unknown;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
