// Writes the published JSON schemas from the schemas the code validates with:
//   resources/sessions.schema.json   the sessions file, for editors
//   resources/kiosk.schema.json      the kiosk profile (kiosk.json), for editors
// Run by `npm run build`; `--check` only reports (exit 1) whether a checked-in file is stale.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const root = new URL('../../', import.meta.url);
const { sessionsSchemaDocument } = await tsImport('./electron/core/config/sessions-schema.ts', root.href);
const { kioskSchemaDocument } = await tsImport('./electron/core/kiosk/kiosk-schema.ts', root.href);
const documents = [
  ['resources/sessions.schema.json', sessionsSchemaDocument()],
  ['resources/kiosk.schema.json', kioskSchemaDocument()],
];

let stale = false;
for (const [path, text] of documents) {
  const target = fileURLToPath(new URL(path, root));
  if (process.argv.includes('--check')) {
    const current = await readFile(target, 'utf8').catch(() => '');
    if (current !== text) {
      console.error(`${target} is not current: run node scripts/dev/generate-schemas.mjs`);
      stale = true;
    }
  } else {
    await writeFile(target, text);
  }
}
if (stale) process.exit(1);
