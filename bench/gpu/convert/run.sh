# Device call B of the conversion benchmark (within 30 s of call A): assemble Chromium, wait for the checkpoint,
# serve it Hub-style with Range support beside the bench page, convert in headless Chromium with the app's code,
# load with web-llm and take the logits of a 2,048-token prompt, then compare them with transformers on this GPU.
# Results land in $OUT: result.json (the page's figures), compare.json, sha.json, log.txt, probe.txt, browser.txt.
set -x
B=$(cd "$(dirname "$0")" && pwd)
. "$B/chromium.sh"
rm -rf /tmp/page && mkdir -p /tmp/page && tar xJf $B/convert-page.tar.xz -C /tmp/page
for s in $(seq 1 300); do [ -f /tmp/hub/.gen-done ] && break; sleep 1; done
cat /tmp/gen.log | tail -3; [ "$(cat /tmp/hub/.gen-done 2>/dev/null)" = 0 ] || { echo GEN_FAILED; exit 5; }
xz -dc $B/tokenizer.json.xz > /tmp/hub/bench/mistral7b/tokenizer.json
ls -la /tmp/hub/bench/mistral7b
python3 $B/hf_server.py 8000 /tmp/page $B $OUT /tmp/hub/bench/mistral7b /tmp/upload bench/mistral7b > /tmp/server.log 2>&1 &
sleep 1
find_adapter /tmp/page
rm -f $OUT/result.json
LIBNAME=$(ls $B/*.wasm | head -1 | xargs basename)
URL="http://127.0.0.1:8000/index.html?repo=bench/mistral7b&lib=/lib/$LIBNAME&n=${PROMPT_N:-2048}&seed=1${PAGE_Q:-}"
$CH $BASE $GOOD --user-data-dir=/tmp/prof$$ "$URL" > /tmp/chrome.log 2>&1 &
CP=$!
# Meanwhile: the source files' SHA-256s by Python's hashlib, to check the ones the browser computed while streaming.
python3 - > $OUT/sha.json <<'PY' &
import hashlib, json, os
from concurrent.futures import ThreadPoolExecutor
d = '/tmp/hub/bench/mistral7b'
def h(f):
    s = hashlib.sha256()
    with open(os.path.join(d, f), 'rb') as fh:
        for b in iter(lambda: fh.read(16 << 20), b''): s.update(b)
    return f, s.hexdigest()
with ThreadPoolExecutor(4) as ex: print(json.dumps(dict(ex.map(h, sorted(x for x in os.listdir(d) if x.endswith('.safetensors'))))))
PY
for s in $(seq 1 ${WAIT_S:-400}); do [ -s $OUT/result.json ] && break; sleep 1; done
kill $CP; wait $CP; tail -c 3000 $OUT/log.txt; echo
python3 -c "import json; r=json.load(open('$OUT/result.json')); print({k: v for k, v in r.items() if k not in ('ids', 'logits')})"
cp $OUT/result.json /tmp/result.json
[ -n "${PAGE_Q:-}" ] && { cat $OUT/result.json; exit 0; }
# transformers' side in a session of its own: a later call (collect.sh) picks it up if this one runs out of time.
rm -f /tmp/compare.json; (cd $B && cp compare.py mlc_weights.py /tmp/) 
setsid bash -c 'cd /tmp && PYTHONUNBUFFERED=1 python3 compare.py /tmp/hub/bench/mistral7b /tmp/upload /tmp/result.json /tmp/compare.json > /tmp/compare.log 2>&1' < /dev/null > /dev/null 2>&1 &
for s in $(seq 1 ${COMPARE_WAIT:-200}); do [ -s /tmp/compare.json ] && break; sleep 1; done
cp /tmp/compare.json $OUT/ 2>/dev/null; tail -5 /tmp/compare.log
cat $OUT/sha.json; nvidia-smi --query-gpu=name,memory.used --format=csv
grep -i -E "error|fail" /tmp/chrome.log | grep -v dbus | head -20
