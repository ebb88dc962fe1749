# Device call A: keep Chromium parts 1–2 in /tmp/stage for call B (within 30 s, while the machine is warm).
set -x
mkdir -p /tmp/stage && cp -r tmp/speed-gpu/a/* /tmp/stage/
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv
head -2 /etc/os-release; python3 --version; ls /tmp/stage; df -h /tmp | tail -1
