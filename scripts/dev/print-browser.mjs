// Prints the browser that tests and the headless host use (see find-browser.mjs), with a word on a
// snap's profile directories; exits 1 when there is none. A separate file so that bundling
// find-browser.mjs into the host never runs this.
import { describeBrowser, findBrowser } from './find-browser.mjs';

try {
  const browser = findBrowser();
  if (!browser) process.exit(1);
  console.log(describeBrowser(browser));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}
