// Issue 6's flows in the Electron app (main + preload + IPC), where an Electron binary exists.
import { test } from '@playwright/test';
import { FLOWS } from '../flows/flows';
import { launchElectronDeck, reportFailure, type DeckApp } from '../support/deck-app';
import { electronBinary, ELECTRON_SKIP_REASON } from '../support/electron-app';

const binary = electronBinary();
if (!binary) console.log(ELECTRON_SKIP_REASON);
test.skip(!binary, ELECTRON_SKIP_REASON);

let app: DeckApp | undefined;
test.afterEach(async ({}, testInfo) => {
  await reportFailure(app, testInfo);
  await app?.close();
  app = undefined;
});

for (const flow of FLOWS) {
  test(`${flow.name} (Electron)`, async ({}, testInfo) => {
    app = await launchElectronDeck(flow.types);
    await flow.run(app, testInfo);
  });
}
