"""A small int8 pass over exported T5 ONNX files, written with python3-onnx alone
(onnxruntime.quantization is not installable here).

- Every MatMul whose second input is a 2-D float initializer W (K x N) becomes
  com.microsoft.DynamicQuantizeMatMul(A, W_int8, scale[N], zero_point[N] = 0): symmetric int8 weights with one
  scale per output column; ONNX Runtime quantizes the activations per call.
- Every Gather on a large 2-D float initializer (the token embedding) reads an int8 table instead and multiplies
  the gathered rows by their per-row scales: Gather(int8) -> Cast(float) -> Mul(Gather(scales)).
- Small tables (the relative-position bias, at most 256 rows) and everything else stay float.

Usage: /usr/bin/python3 quantize_int8.py --src <folder with *.onnx> --out <folder>   (or --model in.onnx --output out.onnx)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
from typing import Dict, List

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto

MS_DOMAIN = "com.microsoft"
MIN_EMBEDDING_ROWS = 257


def _symmetric_int8(w: np.ndarray, axis: int):
    """Quantizes w to int8 in [-127, 127] with one scale per slice along `axis` (the axis kept)."""
    reduce_axes = tuple(a for a in range(w.ndim) if a != axis)
    amax = np.abs(w).max(axis=reduce_axes)
    scale = np.where(amax > 0, amax / 127.0, 1.0).astype(np.float32)
    shape = [1] * w.ndim
    shape[axis] = -1
    q = np.clip(np.rint(w / scale.reshape(shape)), -127, 127).astype(np.int8)
    return q, scale


def quantize_model(model: onnx.ModelProto, matmuls: bool = True, embeddings: bool = True) -> Dict[str, int]:
    """Rewrites the graph in place; returns counts of rewritten nodes."""
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    new_inits: List[onnx.TensorProto] = []
    new_nodes: List[onnx.NodeProto] = []
    counts = {"matmul": 0, "gather": 0}

    def float_2d(name: str):
        init = inits.get(name)
        if init is None or init.data_type != TensorProto.FLOAT or len(init.dims) != 2:
            return None
        return numpy_helper.to_array(init)

    for node in graph.node:
        if matmuls and node.op_type == "MatMul" and float_2d(node.input[1]) is not None:
            w = float_2d(node.input[1])
            q, scale = _symmetric_int8(w, axis=1)
            base = node.input[1]
            new_inits += [numpy_helper.from_array(q, base + "_int8"),
                          numpy_helper.from_array(scale, base + "_scale"),
                          numpy_helper.from_array(np.zeros_like(scale, dtype=np.int8), base + "_zero_point")]
            new_nodes.append(helper.make_node(
                "DynamicQuantizeMatMul", [node.input[0], base + "_int8", base + "_scale", base + "_zero_point"],
                list(node.output), name=(node.name or base) + "_quant", domain=MS_DOMAIN))
            counts["matmul"] += 1
            continue
        if embeddings and node.op_type == "Gather" and float_2d(node.input[0]) is not None:
            axis = next((a.i for a in node.attribute if a.name == "axis"), 0)
            table = float_2d(node.input[0])
            if axis == 0 and table.shape[0] >= MIN_EMBEDDING_ROWS:
                q, scale = _symmetric_int8(table, axis=0)
                base, out = node.input[0], node.output[0]
                new_inits += [numpy_helper.from_array(q, base + "_int8"),
                              numpy_helper.from_array(scale.reshape(-1, 1), base + "_row_scale")]
                new_nodes += [
                    helper.make_node("Gather", [base + "_int8", node.input[1]], [out + "_int8"], axis=0,
                                     name=out + "_gather_int8"),
                    helper.make_node("Gather", [base + "_row_scale", node.input[1]], [out + "_scale"], axis=0,
                                     name=out + "_gather_scale"),
                    helper.make_node("Cast", [out + "_int8"], [out + "_float"], to=TensorProto.FLOAT,
                                     name=out + "_cast"),
                    helper.make_node("Mul", [out + "_float", out + "_scale"], [out], name=out + "_dequant"),
                ]
                counts["gather"] += 1
                continue
        new_nodes.append(node)

    del graph.node[:]
    graph.node.extend(new_nodes)
    graph.initializer.extend(new_inits)
    # Drop float initializers nothing reads any more.
    used = {name for n in graph.node for name in n.input}
    kept = [i for i in graph.initializer if i.name in used]
    del graph.initializer[:]
    graph.initializer.extend(kept)
    # Value-info entries for removed tensors would only confuse shape inference.
    if not any(o.domain == MS_DOMAIN for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid(MS_DOMAIN, 1))
    return counts


def quantize_file(src: str, dst: str, matmuls: bool = True, embeddings: bool = True) -> Dict[str, int]:
    model = onnx.load(src)
    counts = quantize_model(model, matmuls, embeddings)
    onnx.checker.check_model(model)
    tmp = dst + ".tmp"
    onnx.save(model, tmp)
    os.replace(tmp, dst)
    return counts


def quantize_folder(src_dir: str, out_dir: str, matmuls: bool = True, embeddings: bool = True) -> None:
    """Quantizes the three Optimum files of src_dir into out_dir."""
    os.makedirs(out_dir, exist_ok=True)
    for name in ("encoder_model.onnx", "decoder_model.onnx", "decoder_with_past_model.onnx"):
        src = os.path.join(src_dir, name)
        if not os.path.exists(src):
            raise FileNotFoundError(f"{src} not found: export the model first (export_onnx.py)")
        quantize_file(src, os.path.join(out_dir, name), matmuls, embeddings)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--src", help="folder with encoder_model.onnx, decoder_model.onnx, decoder_with_past_model.onnx")
    parser.add_argument("--out", help="output folder (other files such as spiece.model are copied)")
    parser.add_argument("--model", help="a single .onnx file")
    parser.add_argument("--output", help="output path for --model")
    parser.add_argument("--keep-embedding", action="store_true", help="leave the embedding Gather in float32")
    parser.add_argument("--keep-matmuls", action="store_true", help="leave the weight MatMuls in float32")
    args = parser.parse_args(argv)
    if args.model:
        if not args.output:
            parser.error("--model needs --output")
        print(args.model, quantize_file(args.model, args.output, not args.keep_matmuls, not args.keep_embedding))
        return
    if not (args.src and args.out):
        parser.error("give --src and --out, or --model and --output")
    quantize_folder(args.src, args.out, not args.keep_matmuls, not args.keep_embedding)
    for name in os.listdir(args.src):
        path = os.path.join(args.src, name)
        if os.path.isfile(path) and not name.endswith(".onnx") and name != "model.json":
            shutil.copyfile(path, os.path.join(args.out, name))
    metadata = os.path.join(args.src, "model.json")
    if os.path.exists(metadata):
        with open(metadata, encoding="utf-8") as f:
            info = json.load(f)
        info["precision"] = "int8"
        with open(os.path.join(args.out, "model.json"), "w", encoding="utf-8") as f:
            json.dump(info, f, indent=2)
            f.write("\n")
    for name in sorted(os.listdir(args.out)):
        print(f"{name}  {os.path.getsize(os.path.join(args.out, name))} bytes")


if __name__ == "__main__":
    main()
