// The user flows against the headless host in Debian's Chromium, with real Xvnc servers.
import { defineFlowTests } from '../flows/define-flow-tests';
import { launchBrowserDeck } from '../support/deck-app';

defineFlowTests(launchBrowserDeck);
