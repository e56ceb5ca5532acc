#!/usr/bin/env bash
# Everything a fresh checkout needs: system packages, then npm dependencies (again only when
# package-lock.json changed). Electron's binary cannot be downloaded everywhere; it is optional.
set -euo pipefail
cd "$(dirname "$0")/../.."

bash scripts/dev/setup-system.sh

stamp=node_modules/.session-deck-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "setup: npm ci"
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund
  cp package-lock.json "$stamp"
fi
