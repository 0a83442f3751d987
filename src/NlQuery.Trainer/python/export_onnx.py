"""Exports a T5 (ours, or a Hugging Face checkpoint loaded into ours) to the Hugging Face Optimum ONNX layout.

    encoder_model.onnx            input_ids, attention_mask                          -> last_hidden_state
    decoder_model.onnx            input_ids, encoder_attention_mask,                 -> logits,
                                  encoder_hidden_states                                 present.{i}.decoder.key/value,
                                                                                        present.{i}.encoder.key/value
    decoder_with_past_model.onnx  input_ids, encoder_attention_mask,                 -> logits,
                                  past_key_values.{i}.decoder.key/value,                present.{i}.decoder.key/value
                                  past_key_values.{i}.encoder.key/value

Every key/value tensor is (batch_size, num_heads, length, d_kv). The with-past decoder takes the cross-attention
keys/values from its past inputs, so (as in Optimum's T5 export) it has no encoder_hidden_states input.

Usage: /usr/bin/python3 export_onnx.py --model <dir with config.json + pytorch_model.bin> --out <dir> [--opset 14]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from typing import List

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from t5 import T5  # noqa: E402


def _past_names(layers: int, prefix: str, include_encoder: bool = True) -> List[str]:
    names = []
    for i in range(layers):
        names += [f"{prefix}.{i}.decoder.key", f"{prefix}.{i}.decoder.value"]
        if include_encoder:
            names += [f"{prefix}.{i}.encoder.key", f"{prefix}.{i}.encoder.value"]
    return names


class _Encoder(nn.Module):
    def __init__(self, model: T5):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask):
        return self.model.encode(input_ids, attention_mask)


class _Decoder(nn.Module):
    def __init__(self, model: T5):
        super().__init__()
        self.model = model

    def forward(self, input_ids, encoder_attention_mask, encoder_hidden_states):
        logits, presents = self.model.decode(input_ids, encoder_hidden_states, encoder_attention_mask)
        flat = [t for layer in presents for t in layer]
        return (logits, *flat)


class _DecoderWithPast(nn.Module):
    def __init__(self, model: T5):
        super().__init__()
        self.model = model

    def forward(self, input_ids, encoder_attention_mask, *past_flat):
        past = [tuple(past_flat[4 * i:4 * i + 4]) for i in range(len(past_flat) // 4)]
        logits, presents = self.model.decode(input_ids, None, encoder_attention_mask, past)
        flat = [t for layer in presents for t in layer[:2]]
        return (logits, *flat)


def export(model: T5, out_dir: str, opset: int = 14) -> List[str]:
    """Writes the three files; returns their paths. The model is put in eval mode."""
    model = model.eval()
    os.makedirs(out_dir, exist_ok=True)
    c = model.config
    layers = c["num_decoder_layers"]
    heads, d_kv, d_model = c["num_heads"], c["d_kv"], c["d_model"]
    batch, src, tgt, past_len = 2, 5, 3, 4
    input_ids = torch.randint(2, c["vocab_size"], (batch, src), dtype=torch.long)
    mask = torch.ones(batch, src, dtype=torch.long)
    paths = []

    path = os.path.join(out_dir, "encoder_model.onnx")
    with torch.no_grad():
        torch.onnx.export(
            _Encoder(model), (input_ids, mask), path, opset_version=opset, do_constant_folding=True,
            input_names=["input_ids", "attention_mask"], output_names=["last_hidden_state"],
            dynamic_axes={
                "input_ids": {0: "batch_size", 1: "encoder_sequence_length"},
                "attention_mask": {0: "batch_size", 1: "encoder_sequence_length"},
                "last_hidden_state": {0: "batch_size", 1: "encoder_sequence_length"},
            })
    paths.append(path)

    enc = torch.randn(batch, src, d_model)
    dec_ids = torch.randint(2, c["vocab_size"], (batch, tgt), dtype=torch.long)
    present_names = _past_names(layers, "present")
    axes = {
        "input_ids": {0: "batch_size", 1: "decoder_sequence_length"},
        "encoder_attention_mask": {0: "batch_size", 1: "encoder_sequence_length"},
        "encoder_hidden_states": {0: "batch_size", 1: "encoder_sequence_length"},
        "logits": {0: "batch_size", 1: "decoder_sequence_length"},
    }
    for name in present_names:
        axes[name] = {0: "batch_size", 2: "encoder_sequence_length_out" if ".encoder." in name
                      else "decoder_sequence_length"}
    path = os.path.join(out_dir, "decoder_model.onnx")
    with torch.no_grad():
        torch.onnx.export(
            _Decoder(model), (dec_ids, mask, enc), path, opset_version=opset, do_constant_folding=True,
            input_names=["input_ids", "encoder_attention_mask", "encoder_hidden_states"],
            output_names=["logits"] + present_names, dynamic_axes=axes)
    paths.append(path)

    past_names = _past_names(layers, "past_key_values")
    past = []
    for name in past_names:
        length = src if ".encoder." in name else past_len
        past.append(torch.randn(batch, heads, length, d_kv))
    out_names = _past_names(layers, "present", include_encoder=False)
    axes = {
        "input_ids": {0: "batch_size", 1: "decoder_sequence_length"},
        "encoder_attention_mask": {0: "batch_size", 1: "encoder_sequence_length"},
        "logits": {0: "batch_size", 1: "decoder_sequence_length"},
    }
    for name in past_names:
        axes[name] = {0: "batch_size", 2: "encoder_sequence_length_out" if ".encoder." in name
                      else "past_decoder_sequence_length"}
    for name in out_names:
        axes[name] = {0: "batch_size", 2: "past_decoder_sequence_length + 1"}
    path = os.path.join(out_dir, "decoder_with_past_model.onnx")
    with torch.no_grad():
        torch.onnx.export(
            _DecoderWithPast(model), (dec_ids[:, :1], mask, *past), path, opset_version=opset,
            do_constant_folding=True, input_names=["input_ids", "encoder_attention_mask"] + past_names,
            output_names=["logits"] + out_names, dynamic_axes=axes)
    paths.append(path)
    for p in paths:
        check(p)
    return paths


def check(path: str) -> None:
    """onnx.checker on the saved file, plus a report of its inputs and outputs."""
    import onnx
    model = onnx.load(path)
    onnx.checker.check_model(model)


def describe(path: str) -> str:
    import onnx
    model = onnx.load(path)

    def dims(v):
        return "(" + ", ".join(d.dim_param or str(d.dim_value) for d in v.type.tensor_type.shape.dim) + ")"
    ins = ", ".join(f"{v.name}{dims(v)}" for v in model.graph.input)
    outs = ", ".join(f"{v.name}{dims(v)}" for v in model.graph.output)
    return f"{os.path.basename(path)}: {ins} -> {outs}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="folder with config.json and pytorch_model.bin")
    parser.add_argument("--out", required=True, help="output folder for the three .onnx files")
    parser.add_argument("--opset", type=int, default=14)
    parser.add_argument("--dialect", default="sqlite", help="SQL dialect the model writes (model.json)")
    parser.add_argument("--max-input-length", type=int, default=512)
    parser.add_argument("--max-output-length", type=int, default=256)
    args = parser.parse_args(argv)
    torch.set_num_threads(min(2, torch.get_num_threads()))
    model = T5.from_pretrained(args.model)
    for path in export(model, args.out, args.opset):
        print(describe(path))
    tokenizer = os.path.join(args.model, "spiece.model")
    if os.path.exists(tokenizer):
        shutil.copyfile(tokenizer, os.path.join(args.out, "spiece.model"))
    else:
        print(f"note: {tokenizer} not found; copy the tokenizer into {args.out} yourself")
    training = {}
    if os.path.exists(os.path.join(args.model, "training.json")):
        with open(os.path.join(args.model, "training.json"), encoding="utf-8") as f:
            training = json.load(f)
    with open(os.path.join(args.out, "model.json"), "w", encoding="utf-8") as f:
        json.dump({
            "format": "nlquery-t5-onnx/1", "layout": "optimum-seq2seq", "precision": "fp32",
            "tokenizer": "spiece.model", "input_format": "question | db_id | table : column , column | ...",
            "target_format": "db_id | sql", "dialect": args.dialect, "max_input_length": args.max_input_length,
            "max_output_length": args.max_output_length, "config": model.config, "metrics": None,
            "training_data_sha256": training.get("train_sha256"), "training_steps": training.get("steps"),
        }, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
