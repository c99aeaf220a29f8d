/**
 * "Last reconnect": what the verification after Meta returned found
 * (lib/flow/verification-words.ts), state first. An access reduction is an alert, said in words
 * (the colour only repeats it); a timeout offers Retry. Other changes of its headline are
 * announced by the popup's one live region, so the headline itself is not a live region.
 */
import type { Verification } from '@/lib/flow/verification';
import { verificationWords } from '@/lib/flow/verification-words';
import { exactTime, relativeTime } from '@/lib/health/time-words';
import { POPUP_WORDS } from '@/lib/popup/words';
import styles from './Popup.module.css';

const W = POPUP_WORDS;

export function LastReconnect({ verification, workspaceName, now, onRetry }: { verification: Verification; workspaceName: string | null; now: number; onRetry?: () => void }) {
  const words = verificationWords(verification);
  const started = new Date(verification.startedAt).toISOString();
  const loud = words.state === 'access-reduced';
  const label = workspaceName ? W.lastReconnectOf(workspaceName) : W.lastReconnect;
  return (
    <section className={styles.lastReconnect} aria-label={label} data-verification={words.state} data-workspace-verification={verification.workspaceId}>
      <h2 className={styles.lastReconnectTitle}>
        {workspaceName ? (
          <>
            {W.lastReconnectOfPrefix}
            <bdi className={styles.name}>{workspaceName}</bdi>,{' '}
          </>
        ) : (
          `${W.lastReconnect}, `
        )}
        <time dateTime={started} title={exactTime(started)}>
          {relativeTime(started, now)}
        </time>
      </h2>
      <p role={loud ? 'alert' : undefined} className={loud ? styles.reduced : undefined} data-testid="verification-headline">
        <strong>{words.headline}</strong>
      </p>
      {words.lines.length > 0 && (
        <ul aria-label={W.whatChanged}>
          {words.lines.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      )}
      {words.problems.length > 0 && (
        <>
          <p className={styles.muted}>{W.problemsRemain}:</p>
          <ul aria-label={W.problemsRemain}>
            {words.problems.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        </>
      )}
      {words.retry && onRetry && (
        <button type="button" className={styles.button} onClick={onRetry}>
          {W.retryVerification}
        </button>
      )}
    </section>
  );
}
