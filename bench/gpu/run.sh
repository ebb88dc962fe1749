# Device call B: assemble Chromium, find the NVIDIA WebGPU adapter, serve the built app + library, open
# /speed with SPEED_Q, collect the result JSON (also under $OUT). Environment: SPEED_Q, WAIT_S.
# A later call on the same warm machine may run again without re-staging (run.sh finds /tmp/hs already unpacked).
set -x
B=$(cd "$(dirname "$0")" && pwd)
for f in tmp/speed-gpu/gl/*.deb; do dpkg -x $f /; done; ldconfig
if [ ! -x /tmp/hs/chromium-headless-shell ]; then
  test -f /tmp/stage/hs.part-ab || { echo STAGE_LOST; exit 3; }
  cat /tmp/stage/hs.part-aa /tmp/stage/hs.part-ab $B/hs.part-ac > /tmp/hs.tar.xz && echo "$(cat $B/hs.sha256)  /tmp/hs.tar.xz" | sha256sum -c
  mkdir -p /tmp/hs /tmp/hsl && tar xJf /tmp/hs.tar.xz -C /tmp/hs && tar xJf $B/common.tar.xz -C /tmp/hs && tar xJf $B/libs.tar.xz -C /tmp/hsl
fi
rm -rf /tmp/app && mkdir -p /tmp/app && tar xJf $B/app.tar.xz -C /tmp/app
export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
export LD_LIBRARY_PATH=/tmp/hsl/libs
CH=/tmp/hs/chromium-headless-shell
$CH --version 2>&1 | tail -1 | tee $OUT/browser.txt
# The device returns at most 8 files from $OUT: the browser's and the server's own logs stay in /tmp.
python3 $B/server.py 8000 /tmp/app $B $OUT /tmp/stage > /tmp/server.log 2>&1 &
sleep 1
cat > /tmp/app/probe.html <<'P'
<script type=module>
const a=await navigator.gpu?.requestAdapter({powerPreference:'high-performance'});
await fetch('/log',{method:'POST',body:JSON.stringify({adapter:a?{vendor:a.info?.vendor,architecture:a.info?.architecture,f16:a.features.has('shader-f16')}:null})});
</script>
P
BASE="--no-sandbox --disable-gpu-sandbox --enable-unsafe-webgpu --ignore-gpu-blocklist --disable-dev-shm-usage"
F1="--use-angle=vulkan --enable-features=Vulkan --disable-vulkan-surface"
F2="--use-webgpu-adapter=default --use-angle=vulkan --disable-vulkan-surface --enable-features=Vulkan,VulkanFromANGLE,DefaultANGLEVulkan"
GOOD=""
for i in 1 2; do eval F=\$F$i; : > $OUT/log.txt
  timeout 20 $CH $BASE $F --user-data-dir=/tmp/probe$i http://127.0.0.1:8000/probe.html > /tmp/probe$i.log 2>&1
  echo "flags $i: $(head -c 400 $OUT/log.txt)"
  if grep -q '"vendor":"nvidia"' $OUT/log.txt; then GOOD="$F"; break; fi
done
cp $OUT/log.txt $OUT/probe.txt; : > $OUT/log.txt; rm -f $OUT/result.json $OUT/requests.json
[ -n "$GOOD" ] || { echo NO_HW_ADAPTER; exit 4; }
echo "$BASE $GOOD" > $OUT/flags.txt
URL="http://127.0.0.1:8000/speed?${SPEED_Q}&auto=1&post=/result&log=/log"
$CH $BASE $GOOD --user-data-dir=/tmp/prof$$ "$URL" > /tmp/chrome.log 2>&1 &
CP=$!
for s in $(seq 1 ${WAIT_S:-420}); do [ -s $OUT/result.json ] && break; sleep 1; done
kill $CP; sleep 1; cat $OUT/result.json; echo; cat $OUT/requests.json; nvidia-smi --query-gpu=name,memory.used --format=csv
grep -i -E "error|fail" /tmp/chrome.log | grep -v dbus | head -20
