#!/usr/bin/env bash
# Stages everything the GPU run needs into git-ignored folders under tmp/speed-gpu/ (the device machine has no
# network and no Node): the built app, the model library, headless Chromium (split across two device calls: ~73 MB
# compressed at xz -1, the device tool carries at most 64 MiB a call) and the Vulkan/GL loaders. Adapted from
# ../shared/gpu-rig/build.sh (same Chromium packaging; the page is the app's own /speed route).
# usage: bench/gpu/stage.sh [LIB.wasm]   (default: ../shared/real-engine/Mistral-7B-Instruct-v0.3-q4f32_1-ctx4k_cs1k-webgpu.wasm,
# the shared folder beside the repository root, wherever the script is run from)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd); HERE=$ROOT/bench/gpu; OUT=$ROOT/tmp/speed-gpu; W=$(mktemp -d)
LIB=${1:-$ROOT/../shared/real-engine/Mistral-7B-Instruct-v0.3-q4f32_1-ctx4k_cs1k-webgpu.wasm}
[ -f "$LIB" ] || { echo "stage.sh: no model library at $LIB; pass the .wasm to use as the first argument" >&2; exit 1; }
rm -rf "$OUT"; mkdir -p "$OUT/a" "$OUT/b" "$OUT/gl" "$W/libs" "$W/glibc"
if [ "${SKIP_BUILD:-0}" != 1 ]; then (cd "$ROOT" && npx vite build --logLevel warn); fi
# The app travels in call B as one xz archive (13 MB of build/ compress to a few MB).
tar cJf "$OUT/b/app.tar.xz" -C "$ROOT/build" .
cp "$LIB" "$OUT/b/$(basename "$LIB")"
cp "$HERE"/server.py "$HERE"/run.sh "$HERE"/chromium.sh "$OUT/b/"
command -v /usr/lib/chromium/chromium-headless-shell >/dev/null || { apt-get update -qq; apt-get install -y -qq chromium-headless-shell >/dev/null; }
ldd /usr/lib/chromium/chromium-headless-shell | awk '/=>/{print $3}' | while read -r f; do
  case $(basename "$f") in libc.so.6|libm.so.6|libpthread.so.0|libdl.so.2|librt.so.1) cp -L "$f" "$W/glibc/";; *) cp -L "$f" "$W/libs/";; esac; done
(cd "$W" && XZ_OPT="-${XZ_LEVEL:-1} -T2" tar cJf "$OUT/b/libs.tar.xz" libs glibc)
cd /usr/lib/chromium
# xz -1: on a loaded 2-core machine -9 (62 MB) ran past 10 min; -1 (~73 MB) takes ~3 min and splits into two calls.
tar cf - chromium-headless-shell headless_lib_data.pak headless_lib_strings.pak headless_command_resources.pak | xz -${XZ_LEVEL:-1} -T2 > "$W/hs.tar.xz"
XZ_OPT="-${XZ_LEVEL:-1} -T2" tar cJf "$OUT/b/common.tar.xz" icudtl.dat snapshot_blob.bin v8_context_snapshot.bin libEGL.so libGLESv2.so \
  libvk_swiftshader.so vk_swiftshader_icd.json libvulkan.so.1 chrome_crashpad_handler
cd "$ROOT"
# Two device calls, each under the 64 MiB carry limit with the ~10 MB tree: A (parts 1–2), B (part 3 + the rest).
split -n 3 "$W/hs.tar.xz" "$W/hs.part-"
mv "$W/hs.part-aa" "$W/hs.part-ab" "$OUT/a/"; mv "$W/hs.part-ac" "$OUT/b/"
(cd "$OUT/gl" && apt-get download -qq libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2 2>/dev/null)
sha256sum "$W/hs.tar.xz" | cut -d' ' -f1 > "$OUT/b/hs.sha256"
du -sh "$OUT/a" "$OUT/b" "$OUT/gl"; rm -rf "$W"
