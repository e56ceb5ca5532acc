// The user flows in the Electron app (main + preload + IPC), where an Electron binary exists.
import { test } from '@playwright/test';
import { defineFlowTests } from '../flows/define-flow-tests';
import { launchElectronDeck } from '../support/deck-app';
import { electronBinary, ELECTRON_SKIP_REASON } from '../support/electron-app';

const binary = electronBinary();
if (!binary) console.log(ELECTRON_SKIP_REASON);
test.skip(!binary, ELECTRON_SKIP_REASON);

defineFlowTests(launchElectronDeck, ' (Electron)');
