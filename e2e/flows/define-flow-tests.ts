// Declares one test per flow against a freshly launched app; the deck fixture closes it after the
// test and keeps a screenshot and the app's output when one fails. Used by the browser spec and the
// Electron spec alike.
import type { DeckApp } from '../support/deck-app';
import { test } from '../support/deck-fixture';
import { FLOWS } from './flows';

export function defineFlowTests(launch: (types: unknown) => Promise<DeckApp>, suffix = ''): void {
  for (const flow of FLOWS) {
    test(`${flow.name}${suffix}`, async ({ deck }, testInfo) => {
      const app = await deck.launch(launch, flow.types);
      await flow.run(app, testInfo);
      await app.page.screenshot({ path: testInfo.outputPath('end.png') });
    });
  }
}
