#!/usr/bin/env bash
# `make run`: the development server with one job worker beside it; Ctrl-C (or the shell
# going away) stops both.
set -uo pipefail
PORT="${PORT:-8000}"
BIN="${BIN:-.venv/bin}"
export DEBUG="${DEBUG:-true}"

"$BIN/python" manage.py worker --no-reload --verbosity 0 &
WORKER=$!
"$BIN/python" manage.py runserver "127.0.0.1:$PORT" &
SERVER=$!

stop() {
  trap - EXIT INT TERM
  kill "$SERVER" "$WORKER" 2>/dev/null
  wait "$SERVER" "$WORKER" 2>/dev/null
  exit 0
}
trap stop EXIT INT TERM
echo "Job worker running (pid $WORKER) beside the server (pid $SERVER)."
# Either one ending stops the other.
wait -n "$SERVER" "$WORKER"
stop
