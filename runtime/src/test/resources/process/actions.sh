#!/usr/bin/env bash
# Reports what reaches it: USR1 signals, lines on standard input.
trap 'echo "got USR1"' USR1
echo "ready"
while true; do
    if read -r -t 0.1 line; then
        echo "read: $line"
    fi
done
