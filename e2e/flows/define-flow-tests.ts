// Declares one test per flow against a freshly launched app, keeping a screenshot and the app's
// output when one fails. Used by the browser spec and the Electron spec alike.
import { test, type TestInfo } from '@playwright/test';
import type { DeckApp } from '../support/deck-app';
import { reportFailure } from '../support/deck-app';
import { FLOWS } from './flows';

export function defineFlowTests(launch: (types: unknown) => Promise<DeckApp>, suffix = ''): void {
  let app: DeckApp | undefined;
  test.afterEach(async ({}, testInfo: TestInfo) => {
    await reportFailure(app, testInfo);
    await app?.close();
    app = undefined;
  });
  for (const flow of FLOWS) {
    test(`${flow.name}${suffix}`, async ({}, testInfo) => {
      app = await launch(flow.types);
      await flow.run(app, testInfo);
      await app.page.screenshot({ path: testInfo.outputPath('end.png') });
    });
  }
}
