"""Writes a float16 copy of a Hugging Face-format T5 folder, to ship beside the int8 ONNX model so that the shipped
model can be trained further (`nlq train --init <model folder>`, or train.py --init) instead of from scratch.

    /usr/bin/python3 tools/half_weights.py --model <dir with config.json + pytorch_model.bin> --out <dir>

float16 halves the size of the float32 weights (the int8 ONNX files cannot be trained: their MatMuls are quantised),
and training upcasts them again (`T5.from_pretrained` loads every tensor as float32). Files are written atomically;
spiece.model and training.json are copied when the source has them.
"""

import argparse
import os
import shutil
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from run_files import atomic_torch_save  # noqa: E402
from t5 import T5  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="folder with config.json and pytorch_model.bin")
    parser.add_argument("--out", required=True, help="output folder")
    args = parser.parse_args(argv)
    model = T5.from_pretrained(args.model)  # validates the weights against the config before anything is written
    os.makedirs(args.out, exist_ok=True)
    # Aliases of the shared embedding are left out (from_pretrained restores them), as Hugging Face drops tied copies:
    # converted one by one they would no longer share storage and would be written three times.
    aliases = {"encoder.embed_tokens.weight", "decoder.embed_tokens.weight"}
    if model.config.get("tie_word_embeddings"):
        aliases.add("lm_head.weight")
    state = {k: (v.half() if v.is_floating_point() else v) for k, v in model.hf_state_dict().items() if k not in aliases}
    atomic_torch_save(state, os.path.join(args.out, "pytorch_model.bin"))
    for name in ("config.json", "spiece.model", "training.json"):
        source = os.path.join(args.model, name)
        if os.path.exists(source):
            shutil.copyfile(source, os.path.join(args.out, name))
    size = os.path.getsize(os.path.join(args.out, "pytorch_model.bin"))
    print(f"{args.out}: {model.num_parameters():,} parameters in float16, {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
