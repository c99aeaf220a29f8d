/**
 * Times as people read them in the popup: relative ("in 3 days", "2 hours ago") with the exact
 * date for the hover title. English only for now, like the rest of the extension's UI.
 */
const RELATIVE = new Intl.RelativeTimeFormat('en', { numeric: 'always' });

const UNITS: [limitMs: number, unitMs: number, name: Intl.RelativeTimeFormatUnit][] = [
  [60_000, 1_000, 'second'],
  [3_600_000, 60_000, 'minute'],
  [172_800_000, 3_600_000, 'hour'],
  [Infinity, 86_400_000, 'day'],
];

export function relativeTime(iso: string, now: number): string {
  const diff = Date.parse(iso) - now;
  const abs = Math.abs(diff);
  if (abs < 30_000) return 'just now';
  const [, unitMs, name] = UNITS.find(([limit]) => abs < limit)!;
  const n = Math.round(abs / unitMs);
  return RELATIVE.format(diff > 0 ? n : -n, name);
}

/** A compact duration ("12 min", "3 h", "2 days") for "last known data is … old". */
export function ageWords(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}

/** The exact time for a title attribute: local time and the ISO form. */
export function exactTime(iso: string): string {
  const date = new Date(iso);
  return `${date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })} (${date.toISOString()})`;
}
