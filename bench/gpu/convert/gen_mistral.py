"""A Mistral-7B-shaped checkpoint (FILM-7B's architecture) made with PyTorch from a fixed seed, saved the way the Hub
serves models: save_pretrained(safe_serialization=True), bf16, 5 GB shards with model.safetensors.index.json.
Linear and embedding weights: transformers' own initialisation (normal, std 0.02); norms uniform in [0.5, 1.5] so
that a swapped norm shows in the logits. usage: gen_mistral.py OUTDIR SEED [TOKENIZER_JSON]"""
import json, os, shutil, sys, time
import torch
from transformers import MistralConfig, MistralForCausalLM

out, seed = sys.argv[1], int(sys.argv[2])
t0 = time.time()
cfg = MistralConfig(vocab_size=32000, hidden_size=4096, intermediate_size=14336, num_hidden_layers=32,
                    num_attention_heads=32, num_key_value_heads=8, head_dim=128, max_position_embeddings=32768,
                    rope_theta=1e6, rms_norm_eps=1e-5, sliding_window=None, tie_word_embeddings=False)
torch.manual_seed(seed)
with torch.device("cuda"):
    model = MistralForCausalLM(cfg)
g = torch.Generator(device="cuda").manual_seed(seed + 1)
with torch.no_grad():
    for name, p in model.named_parameters():
        if name.endswith("norm.weight"):
            p.copy_(torch.rand(p.shape, generator=g, device="cuda") + 0.5)
model = model.to(torch.bfloat16)
model.save_pretrained(out, safe_serialization=True, max_shard_size="5GB")
if len(sys.argv) > 3:
    shutil.copy(sys.argv[3], os.path.join(out, "tokenizer.json"))
files = {f: os.path.getsize(os.path.join(out, f)) for f in sorted(os.listdir(out))}
print(json.dumps({"seconds": round(time.time() - t0, 1), "files": files, "bytes": sum(files.values())}))
