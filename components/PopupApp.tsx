import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import type { Message } from '@/lib/messaging';
import { loadSnapshot, onSnapshotChange, type Snapshot } from '@/lib/storage/snapshot';
import { StatusView } from './StatusView';

/** Renders the cached status at once, then asks the background for a fresh poll. */
export function PopupApp() {
  const [snapshot, setSnapshot] = useState<Snapshot | null | undefined>(undefined);
  // Starts true: the popup always asks for a fresh poll as soon as it opens.
  const [checking, setChecking] = useState(true);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    let live = true;
    void loadSnapshot().then((s) => live && setSnapshot(s));
    const stop = onSnapshotChange((s) => {
      setSnapshot(s);
      setNow(Date.now());
    });
    const refresh: Message = { type: 'refresh' };
    void browser.runtime
      .sendMessage(refresh)
      .catch(() => undefined)
      .finally(() => live && setChecking(false));
    return () => {
      live = false;
      stop();
    };
  }, []);

  return <StatusView snapshot={snapshot} checking={checking} now={now} />;
}
