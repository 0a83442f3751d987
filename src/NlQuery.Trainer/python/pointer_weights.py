"""The pointer model's trainable weights as they ship beside its ONNX files (docs/pointer-model.md, "Weights"):
`<model>/weights/pointer.pt` = {"format", "config", "vocab", "model": float16 state dict}. The int8 linker cannot
be trained further, so every exported model carries these; `train_pointer.py --init <model>` starts from them.

    /usr/bin/python3 pointer_weights.py --checkpoint <best.pt | train out dir> --model <model dir>

writes the weights of a training checkpoint into an existing model folder and records their path in its
model.json (`"weights"`), keeping every other key (this is how models/default got its weights).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Dict, List, Tuple

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_files import atomic_torch_save, atomic_write_text  # noqa: E402

WEIGHTS_FORMAT = "pointer-minilm-weights/1"
RELATIVE_PATH = "weights/pointer.pt"


def save_half(state: Dict[str, torch.Tensor], config: Dict, vocab: List[str], model_dir: str) -> str:
    """Writes the float16 weights into `model_dir` (atomically) and returns their path relative to it."""
    path = os.path.join(model_dir, RELATIVE_PATH)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    half = {k: (v.detach().half() if v.is_floating_point() else v.detach()).contiguous() for k, v in state.items()}
    atomic_torch_save({"format": WEIGHTS_FORMAT, "config": dict(config), "vocab": list(vocab), "model": half}, path)
    return RELATIVE_PATH


def resolve(init: str) -> Tuple[str, Dict]:
    """(weights file, model.json or {}) for `init`: a model folder whose model.json names its weights, or the file."""
    if os.path.isdir(init):
        card_path = os.path.join(init, "model.json")
        if not os.path.exists(card_path):
            raise ValueError(f"--init {init}: no model.json in the folder")
        with open(card_path, encoding="utf-8") as f:
            card = json.load(f)
        if card.get("format") != "pointer-minilm":
            raise ValueError(f"--init {init}: model.json's format is {card.get('format')!r}, not 'pointer-minilm'")
        relative = card.get("weights")
        if not relative:
            raise ValueError(f"--init {init}: model.json names no 'weights' (a model exported before the weights "
                             "shipped: run pointer_weights.py --checkpoint <its best.pt> --model <folder>)")
        path = os.path.join(init, relative)
        if not os.path.exists(path):
            raise ValueError(f"--init {init}: the weights model.json names are missing: {path}")
        return path, card
    if os.path.exists(init):
        return init, {}
    raise ValueError(f"--init {init}: no such folder or file")


def load_init(init: str) -> Tuple[Dict, Dict[str, torch.Tensor], List[str]]:
    """(config, float32 state dict, vocabulary) of a model folder's or a weights file's weights."""
    path, card = resolve(init)
    blob = torch.load(path, map_location="cpu")
    if not isinstance(blob, dict) or blob.get("format") != WEIGHTS_FORMAT:
        raise ValueError(f"--init {path}: not a pointer weights file ({WEIGHTS_FORMAT})")
    vocab = blob["vocab"]
    if card.get("vocab") is not None and card["vocab"] != vocab:
        raise ValueError(f"--init {init}: model.json's vocabulary differs from the one in {path}")
    state = {k: (v.float() if v.is_floating_point() else v) for k, v in blob["model"].items()}
    return blob["config"], state, vocab


def check_compatible(config: Dict, vocab: List[str], meta: Dict, source: str) -> None:
    """The training data must use the weights' action vocabulary, kinds, relations and feature width."""
    if list(meta["vocab"]) != list(vocab):
        extra = [v for v in meta["vocab"] if v not in vocab][:5]
        missing = [v for v in vocab if v not in meta["vocab"]][:5]
        raise ValueError(f"--init {source}: the training data's action vocabulary ({len(meta['vocab'])} entries) is not "
                         f"the model's ({len(vocab)}; data-only {extra}, model-only {missing}); rebuild the data with "
                         "the same NlQuery version or train from scratch")
    for key, data_key in (("num_kinds", "num_kinds"), ("num_relations", "num_relations"), ("feature_dim", "feature_dim")):
        if int(config[key]) != int(meta[data_key]):
            raise ValueError(f"--init {source}: the model has {key} {config[key]}, the training data {meta[data_key]}")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checkpoint", required=True, help="best.pt / checkpoint.pt, or a train_pointer.py --out folder")
    p.add_argument("--model", required=True, help="model folder with the exported model.json (vocab)")
    args = p.parse_args(argv)
    ckpt_path = args.checkpoint
    if os.path.isdir(ckpt_path):
        ckpt_path = os.path.join(ckpt_path, "best.pt") if os.path.exists(os.path.join(ckpt_path, "best.pt")) \
            else os.path.join(ckpt_path, "checkpoint.pt")
    ckpt = torch.load(ckpt_path, map_location="cpu")
    card_path = os.path.join(args.model, "model.json")
    with open(card_path, encoding="utf-8") as f:
        card = json.load(f)
    config = ckpt["config"]
    if int(config["vocab_size"]) != len(card["vocab"]) or int(config["d"]) != int(card["hidden"]):
        raise ValueError(f"{ckpt_path} (vocab {config['vocab_size']}, d {config['d']}) is not the model in {args.model} "
                         f"(vocab {len(card['vocab'])}, hidden {card['hidden']})")
    relative = save_half(ckpt["model"], config, card["vocab"], args.model)
    card["weights"] = relative
    atomic_write_text(card_path, json.dumps(card, indent=2, ensure_ascii=True) + "\n")
    size = os.path.getsize(os.path.join(args.model, relative))
    count = sum(v.numel() for v in ckpt["model"].values())
    print(f"{os.path.join(args.model, relative)}: {count:,} parameters in float16, {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
