#!/bin/bash
# The kiosk's one program, run by the compositor (cage, or openbox on X11): the Electron app in
# kiosk mode where it is installed, else the headless host with Chromium as its kiosk window.
# When the window ends (it should not), this script ends and the compositor's unit starts it again.
#   KIOSK_PROFILE   the kiosk profile (default /etc/session-deck/kiosk.json)
#   KIOSK_SESSIONS  the sessions file (default /etc/session-deck/sessions.json)
#   KIOSK_PORT      the host's port on 127.0.0.1 (default 8765)
set -eu
profile=${KIOSK_PROFILE:-/etc/session-deck/kiosk.json}
sessions=${KIOSK_SESSIONS:-/etc/session-deck/sessions.json}
port=${KIOSK_PORT:-8765}

if command -v session-deck >/dev/null 2>&1; then
  exec session-deck --kiosk "$profile" --config "$sessions"
fi

session-deck-host --kiosk "$profile" --config "$sessions" --port "$port" --no-open &
host=$!
trap 'kill "$host" 2>/dev/null; wait "$host" 2>/dev/null' EXIT INT TERM
# Until the host listens there is nothing to show (bash's /dev/tcp: no curl needed).
tries=0
until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
  kill -0 "$host" 2>/dev/null || { echo "kiosk: session-deck-host exited" >&2; exit 1; }
  tries=$((tries + 1))
  [ "$tries" -lt 300 ] || { echo "kiosk: session-deck-host did not listen on port $port" >&2; exit 1; }
  sleep 0.2
done
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome)
# A profile of its own, so no stored state (restore prompts, extensions) of another use gets in.
"$browser" --kiosk --app="http://127.0.0.1:$port/kiosk" --user-data-dir="${XDG_RUNTIME_DIR:-/tmp}/session-deck-kiosk-browser" \
  --no-first-run --noerrdialogs --disable-session-crashed-bubble --disable-translate --disable-features=TranslateUI --overscroll-history-navigation=0
