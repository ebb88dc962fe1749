# Device call B: assemble Chromium, find the NVIDIA WebGPU adapter, serve the built app + library, open
# /speed with SPEED_Q, collect the result JSON (also under $OUT). Environment: SPEED_Q, WAIT_S.
# A later call on the same warm machine may run again without re-staging (run.sh finds /tmp/hs already unpacked).
set -x
B=$(cd "$(dirname "$0")" && pwd)
. "$(dirname "$0")/chromium.sh"
rm -rf /tmp/app && mkdir -p /tmp/app && tar xJf $B/app.tar.xz -C /tmp/app
# The device returns at most 8 files from $OUT: the browser's and the server's own logs stay in /tmp.
python3 $B/server.py 8000 /tmp/app $B $OUT /tmp/stage > /tmp/server.log 2>&1 &
sleep 1
find_adapter /tmp/app
rm -f $OUT/result.json $OUT/requests.json
URL="http://127.0.0.1:8000/speed?${SPEED_Q}&auto=1&post=/result&log=/log"
$CH $BASE $GOOD --user-data-dir=/tmp/prof$$ "$URL" > /tmp/chrome.log 2>&1 &
CP=$!
for s in $(seq 1 ${WAIT_S:-420}); do [ -s $OUT/result.json ] && break; sleep 1; done
kill $CP; sleep 1; cat $OUT/result.json; echo; cat $OUT/requests.json; nvidia-smi --query-gpu=name,memory.used --format=csv
grep -i -E "error|fail" /tmp/chrome.log | grep -v dbus | head -20
