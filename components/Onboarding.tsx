/**
 * First-run page (opened on install when nothing is configured yet): what the extension does, what
 * it needs, and one way on: the settings.
 */
import { browser } from 'wxt/browser';
import styles from './Options.module.css';
import { ProductPageAccess } from './ProductPageAccess';

export function Onboarding() {
  return (
    <main className={styles.main}>
      <h1>Welcome to Reconnect Assistant</h1>
      <p>It keeps an eye on your product’s WhatsApp Business Platform connections and helps you fix them.</p>
      <ol>
        <li>
          <strong>Connect it to your product’s backend.</strong> You need the backend URL and your personal access token, both from
          your product’s admin settings (or your IT team).
        </li>
        <li>
          <strong>Watch the toolbar icon.</strong> A red <code>!</code> means a connection is broken, an amber <code>3d</code> that a token
          expires in 3 days, a grey <code>?</code> that the backend cannot be reached. No badge: all is healthy.
        </li>
        <li>
          <strong>Open the popup</strong> for the details of every workspace and to check now, reconnect, or copy a report for support.
        </li>
      </ol>
      <p>The extension never sees your Meta tokens; your backend checks them.</p>
      <ProductPageAccess />
      <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
        Open settings
      </button>
    </main>
  );
}
