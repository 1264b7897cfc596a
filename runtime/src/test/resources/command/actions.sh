#!/usr/bin/env bash
# Reports what reaches it: USR1 signals, lines on standard input.
trap 'echo "got USR1"' USR1
echo "ready"
while true; do
    # No timeout: a read that times out halfway through a line keeps only the part read so far. A trapped signal
    # ends the read (status above 128) and the loop reads again; end of input ends the script.
    read -r line
    status=$?
    if [ "$status" -eq 0 ]; then
        echo "read: $line"
    elif [ "$status" -le 128 ]; then
        exit 0
    fi
done
