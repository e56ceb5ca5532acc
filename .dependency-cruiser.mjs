// The layers of Session Deck, checked by `npm run lint` (dependency-cruiser):
// - the contract (electron/shared) imports no other folder of the project and no Node module;
// - the engine (electron/core) imports the contract and the script modules (scripts/: their API
//   and the built-ins it loads), never the Electron shell, the headless CLI, the preload or the UI;
// - the renderer imports the contract only;
// - no two folders import each other, directly or round a longer loop.
// Tests and their helpers (`*.test.ts`, `testing/` folders) wire layers together on purpose and
// are left out.
/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'contract-imports-nothing',
      comment: 'electron/shared is shared by every process and the renderer: it stands on its own.',
      severity: 'error',
      from: { path: '^electron/shared/' },
      to: { pathNot: '^(electron/shared/|node_modules/)' },
    },
    {
      name: 'contract-no-node',
      comment: 'electron/shared runs in the renderer too: no Node modules.',
      severity: 'error',
      from: { path: '^electron/shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'engine-imports-contract-and-scripts',
      comment: 'electron/core is plain Node: it imports the contract and the script modules only.',
      severity: 'error',
      from: { path: '^electron/core/' },
      to: { path: '^(electron/(main|headless|preload)|renderer|e2e|bench)/' },
    },
    {
      name: 'renderer-imports-contract',
      comment: 'The renderer talks to the engine only through the contract.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^(electron/(core|main|headless|preload)|scripts|e2e|bench)/' },
    },
    {
      name: 'no-folder-cycles',
      comment: 'Folders form layers: two folders that import each other are one tangled unit.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^(electron|scripts|renderer)/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing cannot be checked.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.test\\.tsx?$', '/testing/', '^scripts/dev/', '\\.d\\.ts$', '\\.css$'] },
    tsConfig: { fileName: 'tsconfig.base.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'], exportsFields: ['exports'], conditionNames: ['import', 'types', 'default'] },
  },
};
