#!/usr/bin/env bash
# The main job: set up, build, then run the Electron app, or, where no Electron binary can be had,
# the headless host that serves the same UI to a browser (and opens one where there is a display).
# Extra arguments go to the app/host, e.g. `npm start -- --config my-sessions.json`.
set -euo pipefail
cd "$(dirname "$0")/../.."

bash scripts/dev/setup.sh
npm run build --silent

# The binary (fetched once where the network allows), if its sandbox can start here; else it says why.
electron=$(node scripts/dev/electron-launch.mjs "$@" || true)
config_given=false
for arg in "$@"; do [ "$arg" = "--config" ] && config_given=true; done
defaults=()
if [ -n "$electron" ] && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$electron" dist/main/index.js "$@"
fi
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "start: running the headless host instead, in a browser window of its own (--no-open: don't)"
else
  echo "start: no display for Electron; running the headless host instead (open the link it prints)"
fi
$config_given || defaults=(--config resources/sessions.example.json)
exec node dist/host/cli.js "${defaults[@]}" "$@"
