// Writes the published JSON schemas from the schemas the code validates with:
//   resources/sessions.schema.json   the sessions file, for editors
// Run by `npm run build`; `--check` only reports (exit 1) whether the checked-in file is stale.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const root = new URL('../../', import.meta.url);
const { sessionsSchemaDocument } = await tsImport('./electron/core/config/sessions-schema.ts', root.href);
const target = fileURLToPath(new URL('resources/sessions.schema.json', root));
const text = sessionsSchemaDocument();

if (process.argv.includes('--check')) {
  const current = await readFile(target, 'utf8').catch(() => '');
  if (current !== text) {
    console.error(`${target} is not current: run node scripts/dev/generate-schemas.mjs`);
    process.exit(1);
  }
} else {
  await writeFile(target, text);
}
