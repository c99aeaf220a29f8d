/**
 * The extension's own UI in the browser's language, for real: Chromium started in Spanish
 * (`--lang=es` and `LANGUAGE=es`; Debian's Chromium needs its chromium-l10n package for any UI
 * language but English), the built extension's `_locales/es` chosen by the browser itself. The
 * options page, the badge's title and a notification's title are Spanish.
 */
import { connection, statusDoc, workspace } from '../support/status-fixtures';
import { badgeText, badgeTitle, expect, serviceWorker, test } from './fixtures';
import { loadStatus } from './support/content';
import { startStatusServer, type StatusServer } from './support/status-server';

test.use({ uiLanguage: 'es' });

let server: StatusServer;
test.beforeEach(async () => {
  server = await startStatusServer({ status: 503, body: '{}' });
});
test.afterEach(async () => server.close());

test('Chromium in Spanish: the options page, the badge title and a notification are Spanish', async ({ context, extensionId }) => {
  const sw = await serviceWorker(context);
  const language = await sw.evaluate(() => chrome.i18n.getUILanguage());
  if (!/^es\b/.test(language)) {
    throw new Error(
      `Chromium's UI language is ${language}, not es: the test cannot show a translated UI. On Debian, install chromium-l10n (the locale files in /usr/lib/chromium/locales/).`,
    );
  }
  // The notification calls are recorded as the worker makes them (the system draws them out of reach).
  await sw.evaluate(() => {
    const created: { title: string; buttons: string[] }[] = [];
    (self as unknown as { __created: typeof created }).__created = created;
    const original = chrome.notifications.create.bind(chrome.notifications) as (...args: unknown[]) => unknown;
    (chrome.notifications as unknown as { create: (...args: unknown[]) => unknown }).create = (...args: unknown[]) => {
      const options = args.find((a) => typeof a === 'object' && a !== null) as { title: string; buttons?: { title: string }[] };
      created.push({ title: options.title, buttons: (options.buttons ?? []).map((b) => b.title) });
      return original(...args);
    };
  });

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.getByRole('heading', { level: 1 })).toHaveText('Configuración de Reconnect Assistant');
  await expect(options).toHaveTitle('Opciones de Reconnect Assistant');
  expect(await options.evaluate(() => document.documentElement.lang)).toBe('es');
  await expect(options.getByLabel('URL del backend')).toBeVisible();
  await expect(options.getByRole('button', { name: 'Probar conexión' })).toBeVisible();
  await expect(options.getByRole('button', { name: 'Guardar' })).toBeVisible();
  // A field error from the form's checks, in Spanish too.
  await options.getByLabel('URL del backend').fill('http://backend.example.test');
  await options.getByRole('button', { name: 'Guardar' }).click();
  await expect(options.locator('#backend-url-error')).toHaveText('Usa https (http sin cifrar solo se admite para localhost).');

  const status = statusDoc([workspace([connection('expired', { id: 'wa-1' })], { id: 'ws-es', name: 'Clínica Norte' })]);
  await loadStatus(context, extensionId, server, status);
  await expect.poll(() => badgeText(context)).toBe('!');
  expect(await badgeTitle(context)).toBe('Reconnect Assistant: 1 conexión requiere atención: Clínica Norte (WhatsApp): token caducado.');
  await expect
    .poll(() => serviceWorker(context).then((w) => w.evaluate(() => (self as unknown as { __created: unknown[] }).__created)))
    .toEqual([{ title: 'Clínica Norte: WhatsApp — token caducado', buttons: ['Reconectar'] }]);
});
