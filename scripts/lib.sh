# Shared helpers for scripts/test and scripts/demo (sourced, not run).

# Fixed loopback ports: the demo and the tests run the stack on their own ports.
STACK_DEMO_PORT="${STACK_DEMO_PORT:-4566}"
STACK_TEST_PORT="${STACK_TEST_PORT:-4599}"
STACK_PID=""
STACK_JSON=""

# start_stack PORT LOG: starts tests/stack/serve, waits for its JSON line (in STACK_JSON).
start_stack() {
  local port="$1" log="$2" fifo line
  fifo="$(mktemp -u)"; mkfifo "$fifo"
  "$root/tests/stack/serve" --port "$port" >"$fifo" 2>"$log" &
  STACK_PID=$!
  exec 9<"$fifo"; rm -f "$fifo"
  if ! IFS= read -r -t 60 line <&9; then
    echo "local stack did not start; see $log" >&2
    cat "$log" >&2
    return 1
  fi
  STACK_JSON="$line"
  # Keep draining the server's stdout in the background.
  cat <&9 >>"$log" &
  exec 9<&-
  export STACK_JSON
}

stop_stack() {
  if [ -n "$STACK_PID" ]; then
    kill "$STACK_PID" 2>/dev/null
    wait "$STACK_PID" 2>/dev/null
    STACK_PID=""
  fi
}
