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
import { stored } from '@/lib/storage/items';
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
      setResult(granted ? `Allowed on ${origins.map(hostLabelOf).join(', ')}.` : 'Not allowed: the browser’s prompt was declined.');
      reload();
    });
  };
  const revoke = (origin: string) => {
    void browser.permissions.remove({ origins: [matchPatternOf(origin)] }).then(() => {
      setResult(`No longer allowed on ${hostLabelOf(origin)}.`);
      reload();
    });
  };

  return (
    <section className={styles.fieldset} aria-labelledby="product-page-title">
      <h2 id="product-page-title">Your product’s pages</h2>
      <p className={styles.help}>
        Allowed on your product’s site, the extension sees how a reconnect ended (Meta’s answer, or the product’s own error) and explains
        it. Without it, it asks your product’s backend and says that it could not see how the flow ended.
      </p>
      {access === null ? (
        <p className={styles.help}>Reading…</p>
      ) : access.origins.length === 0 ? (
        <p className={styles.help}>No product site is known yet: it is learned from your backend once the extension is connected.</p>
      ) : (
        <ul>
          {access.origins.map((origin) => (
            <li key={origin}>
              {access.granted.includes(origin) ? (
                <>
                  Allowed on <strong>{hostLabelOf(origin)}</strong>{' '}
                  <button type="button" onClick={() => revoke(origin)}>
                    Remove
                  </button>
                </>
              ) : (
                <button type="button" onClick={() => allow([origin])}>
                  Allow on {hostLabelOf(origin)}
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
