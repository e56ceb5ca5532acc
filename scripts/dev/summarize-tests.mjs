// Adds up the static checks, Vitest's JSON report and Playwright's JSON report into the one line
// CI reads: "N passed, N failed, N skipped". Exits 1 when anything failed or a report is missing.
import { existsSync, readFileSync } from 'node:fs';

const [checksFile, vitestFile, playwrightFile] = process.argv.slice(2);
const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];

for (const line of readFileSync(checksFile, 'utf8').split('\n').filter(Boolean)) {
  const [name, outcome] = line.split(' ');
  if (outcome === 'passed') totals.passed++;
  else {
    totals.failed++;
    problems.push(`check ${name} failed`);
  }
}

function readReport(file, label) {
  if (!existsSync(file)) {
    totals.failed++;
    problems.push(`${label}: no report (${file}); the runner did not finish`);
    return undefined;
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

const vitest = readReport(vitestFile, 'vitest');
if (vitest) {
  totals.passed += vitest.numPassedTests;
  totals.failed += vitest.numFailedTests;
  totals.skipped += vitest.numPendingTests + vitest.numTodoTests;
  // A file that fails to load counts as a failure even though it ran no test.
  for (const file of vitest.testResults ?? []) {
    if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) {
      totals.failed++;
      problems.push(`vitest: ${file.name} failed to run: ${(file.message ?? '').split('\n')[0]}`);
    }
  }
}

const playwright = readReport(playwrightFile, 'playwright');
if (playwright) {
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = playwright.stats ?? {};
  totals.passed += expected + flaky;
  totals.failed += unexpected;
  totals.skipped += skipped;
  for (const error of playwright.errors ?? []) {
    totals.failed++;
    problems.push(`playwright: ${(error.message ?? '').split('\n')[0]}`);
  }
}

for (const problem of problems) console.log(`problem: ${problem}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
