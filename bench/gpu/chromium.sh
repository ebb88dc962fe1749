# Sourced by the device-side run scripts: puts the carried loaders in place, assembles headless Chromium from the
# parts staged by call A (/tmp/stage) and call B ($B), and `find_adapter DIR` tries flag sets until WebGPU offers the
# NVIDIA adapter (the server on :8000 must serve DIR and append POST /log to $OUT/log.txt). Sets CH, BASE, GOOD.
for f in tmp/speed-gpu/gl/*.deb; do dpkg -x $f /; done; ldconfig
if [ ! -x /tmp/hs/chromium-headless-shell ]; then
  test -f /tmp/stage/hs.part-ab || { echo STAGE_LOST; exit 3; }
  cat /tmp/stage/hs.part-aa /tmp/stage/hs.part-ab $B/hs.part-ac > /tmp/hs.tar.xz && echo "$(cat $B/hs.sha256)  /tmp/hs.tar.xz" | sha256sum -c
  mkdir -p /tmp/hs /tmp/hsl && tar xJf /tmp/hs.tar.xz -C /tmp/hs && tar xJf $B/common.tar.xz -C /tmp/hs && tar xJf $B/libs.tar.xz -C /tmp/hsl
fi
export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
export LD_LIBRARY_PATH=/tmp/hsl/libs
CH=/tmp/hs/chromium-headless-shell
$CH --version 2>&1 | tail -1 | tee $OUT/browser.txt
BASE="--no-sandbox --disable-gpu-sandbox --enable-unsafe-webgpu --ignore-gpu-blocklist --disable-dev-shm-usage"
F1="--use-angle=vulkan --enable-features=Vulkan --disable-vulkan-surface"
F2="--use-webgpu-adapter=default --use-angle=vulkan --disable-vulkan-surface --enable-features=Vulkan,VulkanFromANGLE,DefaultANGLEVulkan"
find_adapter() {
  cat > "$1/probe.html" <<'P'
<script type=module>
const a=await navigator.gpu?.requestAdapter({powerPreference:'high-performance'});
await fetch('/log',{method:'POST',body:JSON.stringify({adapter:a?{vendor:a.info?.vendor,architecture:a.info?.architecture,f16:a.features.has('shader-f16')}:null})});
</script>
P
  GOOD=""
  for i in 1 2; do eval F=\$F$i; : > $OUT/log.txt
    timeout 20 $CH $BASE $F --user-data-dir=/tmp/probe$i http://127.0.0.1:8000/probe.html > /tmp/probe$i.log 2>&1
    echo "flags $i: $(head -c 400 $OUT/log.txt)"
    if grep -q '"vendor":"nvidia"' $OUT/log.txt; then GOOD="$F"; break; fi
  done
  cp $OUT/log.txt $OUT/probe.txt; : > $OUT/log.txt
  [ -n "$GOOD" ] || { echo NO_HW_ADAPTER; exit 4; }
  echo "$BASE $GOOD" > $OUT/flags.txt
}
