/**
 * First-run page (opened on install when nothing is configured yet): what the extension does, what
 * it needs, and one way on: the settings.
 */
import { browser } from 'wxt/browser';
import { t, template } from '@/lib/i18n';
import styles from './Options.module.css';
import { ProductPageAccess } from './ProductPageAccess';
import { Rich } from './Rich';

export function Onboarding() {
  return (
    <main className={styles.main}>
      <h1>{t('onboarding.heading')}</h1>
      <p>{t('onboarding.intro')}</p>
      <ol>
        <li>
          <strong>{t('onboarding.connectTitle')}</strong> {t('onboarding.connectText')}
        </li>
        <li>
          <strong>{t('onboarding.watchTitle')}</strong>{' '}
          <Rich text={template('onboarding.watchText')} parts={{ red: <code>!</code>, amber: <code>3d</code>, grey: <code>?</code> }} />
        </li>
        <li>
          <strong>{t('onboarding.popupTitle')}</strong> {t('onboarding.popupText')}
        </li>
      </ol>
      <p>{t('onboarding.tokens')}</p>
      <ProductPageAccess />
      <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
        {t('onboarding.openSettings')}
      </button>
    </main>
  );
}
