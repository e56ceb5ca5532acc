// Where no Electron binary exists (it cannot be downloaded everywhere), the Electron specs say
// SKIPPED rather than pretend.
export { findElectronBinary as electronBinary } from '../../scripts/dev/electron-binary.mjs';

export const ELECTRON_SKIP_REASON =
  'SKIPPED: no Electron binary on this machine (npm could not download it); set ELECTRON_OVERRIDE_DIST_PATH to run the Electron specs';
