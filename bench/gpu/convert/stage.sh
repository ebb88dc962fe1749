#!/usr/bin/env bash
# Stages the GPU conversion benchmark for the device machine (no network, no Node there): Chromium and the loaders
# as bench/gpu/stage.sh packs them (call A: Chromium parts 1–2; call B: the rest), plus, in call B's folder, the
# built bench page (bench/gpu/convert/page.ts: the app's conversion worker and web-llm 0.2.79), the Mistral q4f32_1
# library, the bundled Mistral tokenizer.json and the Python side (checkpoint, Hub-like host, comparison).
# usage: bench/gpu/convert/stage.sh [LIB.wasm]   then see bench/gpu/convert/README.md
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd); HERE=$ROOT/bench/gpu/convert; OUT=$ROOT/tmp/speed-gpu
LIB=${1:-$ROOT/../shared/real-engine/Mistral-7B-Instruct-v0.3-q4f32_1-ctx4k_cs1k-webgpu.wasm}
SKIP_BUILD=${SKIP_BUILD:-0} bash "$ROOT/bench/gpu/stage.sh" "$LIB"
W=$(mktemp -d)
(cd "$ROOT" && npx tsx bench/gpu/convert/build-page.ts "$W/page")
tar cJf "$OUT/b/convert-page.tar.xz" -C "$W/page" .
(cd "$ROOT" && npx tsx -e "import('./src/lib/tokenize/mistral.ts').then(async (m) => process.stdout.write(await m.mistralTokenizerJson()))") > "$W/tokenizer.json"
xz -T2 -c "$W/tokenizer.json" > "$OUT/b/tokenizer.json.xz"
cp "$HERE"/*.py "$HERE"/run.sh "$OUT/b/"
du -sh "$OUT/a" "$OUT/b" "$OUT/gl"; rm -rf "$W"
