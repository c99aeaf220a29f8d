/**
 * "Allow on app.example.com": lets the extension onto the product's own pages, where it sees how a
 * reconnect ended (lib/product-page/access.ts). One button per product origin not allowed yet; the
 * click itself asks the browser (permissions.request needs the user's gesture), the background then
 * registers the product-page script. Without it the extension relies on the product's backend and
 * says it could not see how the flow ended.
 */
import { useCallback, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { hostLabelOf, matchPatternOf } from '@/lib/product-page/origins';
import { onPermissionsChange, productPageAccess, requestProductPageAccess, type ProductPageAccess as Access } from '@/lib/product-page/access';
import { t, template } from '@/lib/i18n';
import { stored } from '@/lib/storage/items';
import { Rich } from './Rich';
import styles from './Options.module.css';

export function ProductPageAccess() {
  const [access, setAccess] = useState<Access | null>(null);
  const [result, setResult] = useState<string>('');
  const reload = useCallback(() => {
    void productPageAccess().then(setAccess);
  }, []);

  useEffect(() => {
    reload();
    const unwatch = [onPermissionsChange(reload), stored.snapshot.watch(reload), stored.reconnectStarts.watch(reload)];
    return () => unwatch.forEach((stop) => stop());
  }, [reload]);

  const allow = (origins: string[]) => {
    // Straight from the click: the browser shows its prompt only during the user's gesture.
    void requestProductPageAccess(origins).then((granted) => {
      setResult(granted ? t('access.allowed', { hosts: origins.map(hostLabelOf).join(', ') }) : t('access.declined'));
      reload();
    });
  };
  const revoke = (origin: string) => {
    void browser.permissions.remove({ origins: [matchPatternOf(origin)] }).then(() => {
      setResult(t('access.removed', { host: hostLabelOf(origin) }));
      reload();
    });
  };

  return (
    <section className={styles.fieldset} aria-labelledby="product-page-title">
      <h2 id="product-page-title">{t('access.title')}</h2>
      <p className={styles.help}>{t('access.help')}</p>
      {access === null ? (
        <p className={styles.help}>{t('access.reading')}</p>
      ) : access.origins.length === 0 ? (
        <p className={styles.help}>{t('access.noneKnown')}</p>
      ) : (
        <ul>
          {access.origins.map((origin) => (
            <li key={origin}>
              {access.granted.includes(origin) ? (
                <>
                  <Rich text={template('access.allowedOn')} parts={{ host: <strong>{hostLabelOf(origin)}</strong> }} />{' '}
                  <button type="button" onClick={() => revoke(origin)}>
                    {t('access.remove')}
                  </button>
                </>
              ) : (
                <button type="button" onClick={() => allow([origin])}>
                  {t('access.allowOn', { host: hostLabelOf(origin) })}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <p role="status" className={styles.help}>
        {result}
      </p>
    </section>
  );
}
