#!/usr/bin/env bash
# The main job: set up, build, then run the Electron app, or, where no Electron binary can be had,
# the headless host that serves the same UI to a browser. Extra arguments go to the app/host,
# e.g. `npm start -- --config my-sessions.json`.
set -euo pipefail
cd "$(dirname "$0")/../.."

bash scripts/dev/setup.sh
npm run build --silent

electron=$(node scripts/dev/electron-binary.mjs || true)
config_given=false
for arg in "$@"; do [ "$arg" = "--config" ] && config_given=true; done
defaults=()
if [ -n "$electron" ]; then
  exec "$electron" dist/main/index.js "$@"
fi
echo "start: no Electron binary here; running the headless host instead (open the URL it prints)"
$config_given || defaults=(--config resources/sessions.example.json)
exec node dist/host/cli.js "${defaults[@]}" "$@"
