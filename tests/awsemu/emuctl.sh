#!/bin/sh
# emuctl.sh — start and stop tests/awsemu for shell tests (POSIX sh).
# Not a supervisor: one emulator per DIR; the caller must always run `stop DIR` (use a trap).
#
#   emuctl.sh start DIR [awsemu options...]  start in background, wait until listening,
#                                            write DIR/env and print it (eval-able)
#   emuctl.sh stop DIR                       SIGTERM it (SIGKILL after 5 s), wait for exit
#   emuctl.sh env DIR | url DIR              print DIR/env, or the endpoint URL
#
#   dir=$(mktemp -d); eval "$(tests/awsemu/emuctl.sh start "$dir" --time-factor 0.01)"
#   trap 'tests/awsemu/emuctl.sh stop "$dir"' EXIT INT TERM
set -eu

here=$(cd "$(dirname "$0")" && pwd)
usage() { echo "usage: $0 start|stop|env|url DIR [awsemu options...]" >&2; exit 2; }
[ $# -ge 2 ] || usage
cmd=$1 dir=$2
shift 2

case $cmd in
start)
    mkdir -p "$dir"
    if [ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
        echo "emuctl: an emulator is already running for $dir (pid $(cat "$dir/pid"))" >&2
        exit 1
    fi
    rm -f "$dir/port" "$dir/env"
    /usr/bin/python3 "$here/awsemu.py" --port-file "$dir/port" "$@" \
        >"$dir/log" 2>&1 </dev/null &
    echo $! >"$dir/pid"
    i=0
    while [ ! -s "$dir/port" ]; do
        if ! kill -0 "$(cat "$dir/pid")" 2>/dev/null || [ $i -ge 200 ]; then
            echo "emuctl: emulator failed to start; log:" >&2
            cat "$dir/log" >&2
            kill "$(cat "$dir/pid")" 2>/dev/null || :
            rm -f "$dir/pid"
            exit 1
        fi
        i=$((i + 1))
        sleep 0.05
    done
    port=$(cat "$dir/port")
    cat >"$dir/env" <<ENV
export AWS_ENDPOINT_URL=http://127.0.0.1:$port
export AWS_ACCESS_KEY_ID=AKIAEMULATORTEST0001
export AWS_SECRET_ACCESS_KEY='emulator/Secret/Key+do-not-use/00000000'
export AWS_REGION=us-east-1
export AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null
export AWS_SHARED_CREDENTIALS_FILE=/dev/null
export AWS_EC2_METADATA_DISABLED=true
unset AWS_SESSION_TOKEN AWS_PROFILE
export AWSEMU_PORT=$port
export AWSEMU_URL=http://127.0.0.1:$port
ENV
    cat "$dir/env"
    ;;
stop)
    [ -f "$dir/pid" ] || exit 0
    pid=$(cat "$dir/pid")
    if kill -TERM "$pid" 2>/dev/null; then
        i=0
        while kill -0 "$pid" 2>/dev/null; do
            if [ $i -ge 100 ]; then
                kill -KILL "$pid" 2>/dev/null || :
                break
            fi
            i=$((i + 1))
            sleep 0.05
        done
    fi
    rm -f "$dir/pid"
    ;;
env) cat "$dir/env" ;;
url) echo "http://127.0.0.1:$(cat "$dir/port")" ;;
*) usage ;;
esac
