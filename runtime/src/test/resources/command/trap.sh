#!/usr/bin/env bash
# A wrapper script that saves the solver's checkpoint when it is stopped, as job scripts do:
#     trap 'cp checkpoint ...' TERM
# Its clean-up takes 2 s (sleep 2) before it copies checkpoint to saved, and copies only if the sleep was not cut
# short. bash runs the trap once the foreground solver has ended; with "background" in $2 the solver runs in the
# background and the script waits for it (a trapped signal ends the wait: the trap runs while the solver runs).
# With "endless" in $2 the clean-up never ends. Pids go to the file $1, the script's first.
pids=$1
mode=${2:-}
echo $$ >> "$pids"
echo "step 42" > checkpoint
if [[ $mode == endless ]]; then
    trap 'sleep 600' TERM
else
    trap 'sleep 2 && cp checkpoint saved; exit 0' TERM
fi
solver='echo $$ >> "$0"; exec sleep 600'
if [[ $mode == background ]]; then
    bash -c "$solver" "$pids" &
    wait
else
    bash -c "$solver" "$pids"
fi
