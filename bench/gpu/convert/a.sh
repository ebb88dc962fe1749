# Device call A of the conversion benchmark: keep Chromium parts 1–2 in /tmp/stage for call B, and start generating
# the Mistral-7B-shaped checkpoint (PyTorch, seeded) in a session of its own, so it goes on after this call returns.
set -x
mkdir -p /tmp/stage /tmp/hub/bench && cp -r tmp/speed-gpu/a/* /tmp/stage/
cp bench/gpu/convert/gen_mistral.py /tmp/gen_mistral.py
rm -f /tmp/hub/.gen-done
setsid bash -c 'PYTHONUNBUFFERED=1 python3 /tmp/gen_mistral.py /tmp/hub/bench/mistral7b 1234 > /tmp/gen.log 2>&1; echo $? > /tmp/hub/.gen-done' < /dev/null > /dev/null 2>&1 &
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv
python3 -c 'import torch, transformers; print(torch.__version__, transformers.__version__, torch.cuda.get_device_name(0))'
ls /tmp/stage; df -h /tmp | tail -1
