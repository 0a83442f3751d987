"""Writes an untrained (randomly initialised) pointer-minilm model folder shaped like another model: the same action
vocabulary, kinds, relations and feature width, any size. Tests use a tiny one as the model to fine-tune from
(`nlq train --feedback --init <folder>`): it answers nothing right, so a fine-tuned candidate can beat it.

    /usr/bin/python3 tools/make_untrained_pointer.py --like models/default --out <dir> [--d 16 --heads 2 --seed 1]

Writes linker.onnx, decoder_step.onnx, weights/pointer.pt and model.json (export_pointer.py's files; no metrics).
"""

import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from export_pointer import export_graphs, write_model_json  # noqa: E402
from pointer_model import PointerModel, make_config  # noqa: E402
from pointer_weights import save_half  # noqa: E402


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--like", required=True, help="model folder whose model.json gives vocab, kinds, relations")
    p.add_argument("--out", required=True)
    p.add_argument("--d", type=int, default=16)
    p.add_argument("--heads", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    with open(os.path.join(args.like, "model.json"), encoding="utf-8") as f:
        like = json.load(f)
    torch.manual_seed(args.seed)
    config = make_config(len(like["vocab"]), int(like["num_kinds"]), int(like["num_relations"]), int(like["feature_dim"]),
                         d=args.d, heads=args.heads, enc_layers=1, dec_layers=1, dropout=0.0, feature_dropout=0.0)
    model = PointerModel(config).eval()
    export_graphs(model, args.out)
    meta = {"vocab": like["vocab"], "max_actions": like.get("max_actions"), "max_positions": like.get("max_positions"),
            "token_budget": like.get("token_budget", 256)}
    weights = save_half(model.state_dict(), config, like["vocab"], args.out)
    write_model_json(model, args.out, {"note": "untrained (tools/make_untrained_pointer.py)"}, None, meta, weights)
    print(f"{args.out}: untrained pointer model, d {args.d}, {model.num_parameters():,} parameters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
