// What stopped the app on its first launch: its name and data directory (npm start runs
// dist/main/index.js with no package.json beside it), a second instance with another data
// directory, and a broken sessions file (the app opens with the error shown).
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reserveDisplay } from '../../electron/core/testing/free-display';
import { electronBinary, ELECTRON_SKIP_REASON } from '../support/electron-app';

const binary = electronBinary();
if (!binary) console.log(ELECTRON_SKIP_REASON);
test.skip(!binary, ELECTRON_SKIP_REASON);

const apps: ElectronApplication[] = [];
let dir: string;

test.beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deck-electron-first-'));
});

test.afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  await rm(dir, { recursive: true, force: true });
});

const launch = async (config: string, dataDir: string) => {
  const app = await electron.launch({ executablePath: binary!, args: ['dist/main/index.js', '--config', config, '--data-dir', dataDir, '--no-sandbox'] });
  apps.push(app);
  return app;
};

test('is called Session Deck and keeps its data in --data-dir; a second data directory is a second instance', async () => {
  const config = join(dir, 'sessions.json');
  await writeFile(config, JSON.stringify({ Desk: { script: 'xvnc', count: 1, options: { display_base: await reserveDisplay() } } }));
  const first = await launch(config, join(dir, 'one'));
  expect(await first.evaluate(({ app }) => [app.getName(), app.getPath('userData')])).toEqual(['Session Deck', join(dir, 'one')]);
  const second = await launch(config, join(dir, 'two'));
  await expect((await second.firstWindow()).getByRole('button', { name: 'Start Desk' })).toBeVisible();
});

test('a broken sessions file opens the app with the error shown', async () => {
  const config = join(dir, 'sessions.json');
  await writeFile(config, '{"Desk": {"script": "xvnc", "count": "two"}}');
  const app = await launch(config, join(dir, 'data'));
  const page = await app.firstWindow();
  await expect(page.getByText('/Desk/count: expected an integer from 1 to 64, found "two"')).toBeVisible();
});
