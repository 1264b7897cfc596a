#!/usr/bin/env bash
# Three daemons that leave the command's session, for stop tests: one started with setsid -f, one by a double
# fork (a subshell starts it in a new session, disowns it and exits), one that also closes its standard streams.
# Every pid goes to the file $1, one per line, this shell's last. With "stubborn" in $2 the daemons ignore
# SIGTERM; with "exit" this shell exits 0 once the daemons have written their pids, leaving them running.
pids=$1
mode=${2:-}
daemon='if [[ $1 == stubborn ]]; then trap "" TERM; fi; echo $$ >> "$0"; exec sleep 1000'
setsid -f bash -c "$daemon" "$pids" "$mode"
( setsid bash -c "$daemon" "$pids" "$mode" & disown )
setsid -f bash -c "exec </dev/null >/dev/null 2>&1; $daemon" "$pids" "$mode"
until [[ -f $pids && $(wc -l < "$pids") -ge 3 ]]; do
    sleep 0.01
done
echo "daemons started"
if [[ $mode == exit ]]; then
    exit 0
fi
echo $$ >> "$pids"
exec sleep 1000
