#!/usr/bin/env bash
# A process tree for stop tests: this shell, a child, a subshell and its grandchild, all sleeping.
# Every pid goes to the file $1, one per line; with "stubborn" as $2 the grandchild ignores SIGTERM.
pids=$1
echo $$ >> "$pids"
sleep 300 &
echo $! >> "$pids"
(
    if [[ ${2:-} == stubborn ]]; then
        trap '' TERM
    fi
    sleep 300 &
    echo $! >> "$pids"
    wait
) &
echo $! >> "$pids"
echo "tree started"
wait
