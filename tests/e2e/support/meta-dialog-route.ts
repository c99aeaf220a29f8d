/**
 * Serves Meta's Business Login dialog at its REAL URLs from the simulator's stand-in
 * (server/simulator/dialog-page.ts, interactive-dialog.ts): a page or the extension sees
 * https://www.facebook.com/v21.0/dialog/oauth?… while the body (and its headers, CSP included)
 * comes from `<simulator>/__sim/v21.0/dialog/oauth?…`. The dialog's confirm step
 * (…/dialog/oauth/confirm, relative to the page) is routed the same way and its redirect to the
 * app's `redirect_uri` passed on unfollowed, as Meta's would be.
 *
 *   await routeMetaDialog(context, stack.simulatorUrl);
 *   await stack.setDialogOutcome({ result: 'interactive', script, baseToken, previousToken });
 *   await page.goto(`https://www.facebook.com/v21.0/dialog/oauth?client_id=…&redirect_uri=…&state=…`);
 */
import type { BrowserContext, Route } from '@playwright/test';

/** The dialog and its confirm step, with or without the Graph version, on Meta's dialog host. */
export const META_DIALOG_URL = /^https:\/\/www\.facebook\.com\/(?:v\d{1,3}\.\d{1,2}\/)?dialog\/oauth(?:\/confirm)?(?:[?#]|$)/;

/** The simulator URL a real dialog URL is served from. */
export function simulatorDialogUrl(realUrl: string, simulatorUrl: string): string {
  const real = new URL(realUrl);
  return `${simulatorUrl.replace(/\/$/, '')}/__sim${real.pathname}${real.search}`;
}

export interface MetaDialogRoute {
  /** Every real dialog URL served so far (page loads and confirm steps), in order. */
  served: string[];
  unroute(): Promise<void>;
}

export async function routeMetaDialog(context: BrowserContext, simulatorUrl: string): Promise<MetaDialogRoute> {
  const served: string[] = [];
  const handler = async (route: Route) => {
    const url = route.request().url();
    served.push(url);
    // route.fetch with the simulator's URL: the request (method, headers) as the browser made it,
    // and a redirect (the confirm step's 302 to redirect_uri) handed back to the browser as is.
    const response = await route.fetch({ url: simulatorDialogUrl(url, simulatorUrl), maxRedirects: 0 });
    await route.fulfill({ response });
  };
  await context.route(META_DIALOG_URL, handler);
  return { served, unroute: () => context.unroute(META_DIALOG_URL, handler) };
}
