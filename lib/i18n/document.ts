/** An extension page in the browser's language: its `lang`, its direction and its title. */
import { messageLocale, t } from './index';

export function localizeDocument(title: string): void {
  document.documentElement.lang = messageLocale();
  document.documentElement.dir = t('@@bidi_dir');
  document.title = title;
}
