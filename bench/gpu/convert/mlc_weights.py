"""Reads a q4f32_1 / q4f16_1 MLC weight folder (tensor-cache.json + params_shard_*.bin) back into Hugging Face
tensors, dequantized: w = (q - 7) * scale over groups of 32 along each row, eight 4-bit q to a little-endian uint32
(element r in bits 4r..4r+3). Fused tensors are split the way the converter joined them: qkv_proj rows = q, k, v;
gate_up_proj rows = gate, up. Written from the layout's description, independently of the converter's code, so that
a forward pass over these weights checks the converter's bytes. numpy only."""
import json, os
import numpy as np

DT = {"uint32": np.uint32, "float32": np.float32, "float16": np.float16}


def read_records(folder):
    cache = json.load(open(os.path.join(folder, "tensor-cache.json")))
    out = {}
    for shard in cache["records"]:
        data = np.fromfile(os.path.join(folder, shard["dataPath"]), dtype=np.uint8)
        for r in shard["records"]:
            raw = data[r["byteOffset"]: r["byteOffset"] + r["nbytes"]]
            out[r["name"]] = raw.view(DT[r["dtype"]]).reshape(r["shape"])
    return out


def dequantize(words, scale):
    n, kw = words.shape
    shifts = (np.arange(8, dtype=np.uint32) * 4)[None, None, :]
    q = ((words[:, :, None] >> shifts) & 15).reshape(n, kw * 8).astype(np.float32)
    s = np.repeat(scale.astype(np.float32), 32, axis=1)
    return (q - 7.0) * s


def hf_state_dict(folder, heads, kv_heads, head_dim):
    rec = read_records(folder)
    out = {}
    for name in rec:
        if name.endswith(".q_scale"):
            continue
        if name.endswith(".q_weight"):
            base = name[: -len(".q_weight")]
            w = dequantize(rec[name], rec[base + ".q_scale"])
            if base.endswith("qkv_proj") or base.endswith("c_attn"):
                pre = base.rsplit(".", 1)[0]
                q, k = heads * head_dim, kv_heads * head_dim
                out[pre + ".q_proj.weight"], out[pre + ".k_proj.weight"], out[pre + ".v_proj.weight"] = w[:q], w[q:q + k], w[q + k:]
            elif base.endswith("gate_up_proj"):
                pre = base.rsplit(".", 1)[0]
                half = w.shape[0] // 2
                out[pre + ".gate_proj.weight"], out[pre + ".up_proj.weight"] = w[:half], w[half:]
            else:
                out[base + ".weight"] = w
        elif name.endswith("c_attn.bias") or name.endswith("qkv_proj.bias"):
            pre = name.rsplit(".", 2)[0]
            b = rec[name].astype(np.float32)
            q, k = heads * head_dim, kv_heads * head_dim
            out[pre + ".q_proj.bias"], out[pre + ".k_proj.bias"], out[pre + ".v_proj.bias"] = b[:q], b[q:q + k], b[q + k:]
        else:
            out[name] = rec[name].astype(np.float32)
    return out
