// Issue 6's flows against the headless host in Debian's Chromium, with real Xvnc servers.
import { test } from '@playwright/test';
import { FLOWS } from '../flows/flows';
import { launchBrowserDeck, reportFailure, type DeckApp } from '../support/deck-app';

let app: DeckApp | undefined;
test.afterEach(async ({}, testInfo) => {
  await reportFailure(app, testInfo);
  await app?.close();
  app = undefined;
});

for (const flow of FLOWS) {
  test(flow.name, async ({}, testInfo) => {
    app = await launchBrowserDeck(flow.types);
    await flow.run(app, testInfo);
    await app.page.screenshot({ path: testInfo.outputPath('end.png') });
  });
}
