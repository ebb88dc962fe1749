"""Logits of the converted model in the browser against transformers' MistralForCausalLM on the same GPU, on the same
token ids: (a) with the weights read back from the converted MLC folder (dequantized: the kernels' arithmetic only)
and (b) with the source checkpoint's weights (adds the quantization error). f32 on the GPU.
usage: compare.py SOURCE_DIR MLC_DIR BROWSER_RESULT_JSON OUT_JSON"""
import json, sys, time
import numpy as np
import torch
from safetensors.torch import load_file
from transformers import MistralConfig, MistralForCausalLM
from mlc_weights import hf_state_dict
import glob, os

src, mlc, browser_path, out_path = sys.argv[1:5]
res = [json.loads(l) for l in open(browser_path) if l.strip()][-1]
ids = res["ids"]
browser = np.array(res["logits"], dtype=np.float64)
cfg = MistralConfig.from_pretrained(src)
cfg._attn_implementation = "eager"


def logits_with(state):
    # Built on the GPU (its random init takes seconds there), then every weight copied in: strict, so a missing or
    # extra tensor stops the comparison.
    with torch.device("cuda"):
        model = MistralForCausalLM(cfg).to(torch.float32)
    model.load_state_dict({k: torch.as_tensor(v) for k, v in state.items()}, strict=True)
    model = model.eval()
    with torch.no_grad():
        out = model(torch.tensor([ids], device="cuda")).logits[0, -1].double().cpu().numpy()
    del model; torch.cuda.empty_cache()
    return out


def against(ref):
    d = np.abs(ref - browser)
    top = lambda a: set(np.argsort(-a)[:10].tolist())
    return {"max_abs_diff": float(d.max()), "rms_diff": float(np.sqrt((d ** 2).mean())), "ref_std": float(ref.std()),
            "argmax_ref": int(ref.argmax()), "argmax_browser": int(browser.argmax()), "argmax_agree": bool(ref.argmax() == browser.argmax()),
            "top10_overlap": len(top(ref) & top(browser))}


t0 = time.time()
out = {"tokens": len(ids), "browser_std": float(browser.std())}
deq = hf_state_dict(mlc, cfg.num_attention_heads, cfg.num_key_value_heads, cfg.head_dim)
if "lm_head.weight" not in deq: deq["lm_head.weight"] = deq["model.embed_tokens.weight"]
out["a_dequantized"] = against(logits_with(deq)); del deq
state = {}
for f in sorted(glob.glob(os.path.join(src, "*.safetensors"))):
    state.update({k: v.float() for k, v in load_file(f).items()})
out["b_source"] = against(logits_with(state))
out["seconds"] = round(time.time() - t0, 1)
json.dump(out, open(out_path, "w"), indent=1)
print(json.dumps(out))
