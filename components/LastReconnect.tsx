/**
 * The "Last reconnect" part of a connection's detail: what the verification after Meta returned
 * found (lib/flow/verification-words.ts), state first. An access reduction is an alert with its
 * own heading, said in words (the colour only repeats it); a timeout offers Retry.
 */
import type { Verification } from '@/lib/flow/verification';
import { verificationWords } from '@/lib/flow/verification-words';
import { exactTime, relativeTime } from '@/lib/health/time-words';
import styles from './Popup.module.css';

export function LastReconnect({ verification, now, onRetry }: { verification: Verification; now: number; onRetry?: () => void }) {
  const words = verificationWords(verification);
  const started = new Date(verification.startedAt).toISOString();
  const loud = words.state === 'access-reduced';
  return (
    <section className={styles.lastReconnect} aria-label="Last reconnect" data-verification={words.state}>
      <h4 className={styles.lastReconnectTitle}>
        Last reconnect,{' '}
        <time dateTime={started} title={exactTime(started)}>
          {relativeTime(started, now)}
        </time>
      </h4>
      <p role={loud ? 'alert' : 'status'} className={loud ? styles.reduced : undefined}>
        <strong>{words.headline}</strong>
      </p>
      {words.lines.length > 0 && (
        <ul aria-label="What changed">
          {words.lines.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      )}
      {words.problems.length > 0 && (
        <>
          <p className={styles.muted}>Problems that remain:</p>
          <ul aria-label="Problems that remain">
            {words.problems.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        </>
      )}
      {words.retry && onRetry && (
        <button type="button" onClick={onRetry}>
          Retry verification
        </button>
      )}
    </section>
  );
}
