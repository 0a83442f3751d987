"""Reads the pointer model's training files (docs/pointer-model.md) and builds padded batches.

    <dir>/pointer-metadata.json     vocab, num_kinds, num_relations, feature_dim, files {split: "<split>.jsonl"}
    <dir>/<split>.jsonl             one example per line (kinds, relations n*n, feature_offset, target, target_input…)
    <dir>/<split>.features.f16      float16 [rows, feature_dim], an example's rows at feature_offset .. +n
"""

from __future__ import annotations

import json
import os
import random
from typing import Dict, List, Optional

import numpy as np
import torch


def read_metadata(data_dir: str) -> Dict[str, object]:
    path = os.path.join(data_dir, "pointer-metadata.json")
    with open(path, encoding="utf-8") as f:
        meta = json.load(f)
    if meta.get("format") != "pointer-minilm":
        raise ValueError(f"{path}: format is {meta.get('format')!r}, expected 'pointer-minilm'")
    for key in ("vocab", "num_kinds", "num_relations"):
        if key not in meta:
            raise ValueError(f"{path}: missing '{key}'")
    meta.setdefault("feature_dim", 384)
    meta.setdefault("files", {"train": "train.jsonl", "heldout": "heldout.jsonl"})
    return meta


def split_paths(data_dir: str, meta: Dict[str, object], split: str):
    """(jsonl path, features path) of a split named in metadata `files` (or `<split>.jsonl`)."""
    name = meta["files"].get(split, f"{split}.jsonl")
    jsonl = os.path.join(data_dir, name)
    stem = name[:-len(".jsonl")] if name.endswith(".jsonl") else name
    return jsonl, os.path.join(data_dir, stem + ".features.f16")


class Example:
    __slots__ = ("id", "source", "n", "nq", "kinds", "relations", "offset", "target", "target_input", "input_ids", "spans")


# Ablation "no linking" (docs/accuracy.md): every question-to-schema match relation (PointerRelations in C#: name
# exact/partial, value matches) becomes its direction's "none"; question distance and schema structure stay.
NO_LINKING = {5: 7, 6: 7, 8: 10, 9: 10, 11: 14, 12: 14, 13: 14, 15: 18, 16: 18, 17: 18, 19: 20, 21: 22}


class PointerSplit:
    """The examples of one split, validated; features stay in a read-only float16 memmap."""

    def __init__(self, data_dir: str, split: str, meta: Optional[Dict[str, object]] = None,
                 limit: Optional[int] = None, ablate_linking: bool = False,
                 repeat: Optional[Dict[str, int]] = None):
        """repeat: {source: K} puts each example of that source K times into every epoch (`order`)."""
        self.meta = meta or read_metadata(data_dir)
        self.vocab_size = len(self.meta["vocab"])
        self.feature_dim = int(self.meta["feature_dim"])
        self.jsonl, self.features_path = split_paths(data_dir, self.meta, split)
        F = self.feature_dim
        size = os.path.getsize(self.features_path)
        if size % (2 * F):
            raise ValueError(f"{self.features_path}: {size} bytes is not a whole number of {F}-wide float16 rows")
        if size == 0:
            raise ValueError(f"{self.features_path} is empty: the split has no examples")
        self.features = np.memmap(self.features_path, dtype="<f2", mode="r", shape=(size // (2 * F), F))
        self.examples: List[Example] = []
        V, K, R = self.vocab_size, int(self.meta["num_kinds"]), int(self.meta["num_relations"])
        with open(self.jsonl, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                if limit is not None and len(self.examples) >= limit:
                    break
                where = f"{self.jsonl}:{number}"
                row = json.loads(line)
                e = Example()
                e.id = row.get("id", number - 1)
                e.source = row.get("source")
                e.kinds = np.asarray(row["kinds"], dtype=np.int64)
                e.n = n = len(e.kinds)
                e.nq = int(row.get("nq", 0))
                rel = np.asarray(row["relations"], dtype=np.int16)
                if rel.size != n * n:
                    raise ValueError(f"{where}: {rel.size} relations for n={n} positions (expected n*n)")
                if ablate_linking:
                    for old, new in NO_LINKING.items():
                        rel[rel == old] = new
                e.relations = rel.reshape(n, n)
                e.offset = int(row["feature_offset"])
                if e.offset < 0 or e.offset + n > self.features.shape[0]:
                    raise ValueError(f"{where}: feature rows {e.offset}..{e.offset + n} outside {self.features_path}")
                e.target = [list(map(int, s)) for s in row["target"]]
                e.target_input = list(map(int, row["target_input"]))
                if len(e.target) != len(e.target_input) or not e.target:
                    raise ValueError(f"{where}: target ({len(e.target)}) and target_input ({len(e.target_input)}) "
                                     "lengths differ or are zero")
                if any(not s or min(s) < 0 or max(s) >= V + n for s in e.target):
                    raise ValueError(f"{where}: a target set is empty or has an action outside 0..{V + n - 1}")
                if min(e.target_input) < 0 or max(e.target_input) >= V + n:
                    raise ValueError(f"{where}: target_input has an action outside 0..{V + n - 1}")
                if n and (e.kinds.min() < 0 or e.kinds.max() >= K):
                    raise ValueError(f"{where}: kind outside 0..{K - 1}")
                if n and (rel.min() < 0 or rel.max() >= R):
                    raise ValueError(f"{where}: relation outside 0..{R - 1}")
                e.input_ids = row.get("input_ids")
                e.spans = row.get("spans")
                self.examples.append(e)
        if not self.examples:
            raise ValueError(f"{self.jsonl}: no examples")
        repeat = repeat or {}
        unknown = [s for s in repeat if not any(e.source == s for e in self.examples)]
        if unknown:
            raise ValueError(f"{self.jsonl}: no examples from source(s) {unknown} to repeat")
        # An epoch's example indices, in file order; a repeated source's examples come K times.
        self.order = [i for i, e in enumerate(self.examples) for _ in range(repeat.get(e.source, 1))]

    def __len__(self):
        return len(self.examples)


def epoch_batches(split: PointerSplit, batch_size: int, seed: int, epoch: int, pool_batches: int = 50,
                  shuffle: bool = True) -> List[List[int]]:
    """One epoch's batches, a pure function of (seed, epoch): shuffle, sort pools of `pool_batches` batches by
    (n, actions) so batches have little padding, cut, shuffle the batch order. shuffle=False: sorted, in order."""
    order = list(getattr(split, "order", range(len(split))))
    g = random.Random(seed * 1_000_003 + epoch)
    if shuffle:
        g.shuffle(order)
    pool = batch_size * pool_batches
    batches = []
    ex = split.examples
    for start in range(0, len(order), pool):
        chunk = sorted(order[start:start + pool], key=lambda i: (ex[i].n, len(ex[i].target)))
        batches += [chunk[i:i + batch_size] for i in range(0, len(chunk), batch_size)]
    if shuffle:
        g.shuffle(batches)
    return batches


def collate(split: PointerSplit, indices: List[int], device="cpu",
            with_tokens: bool = False) -> Dict[str, torch.Tensor]:
    """Padded tensors for a batch:
    features [B,N,F] float32, kinds [B,N], relations [B,N,N], mask [B,N] bool, target_input [B,T],
    target_mask [B,T,V+N] bool (multi-hot target sets), step_mask [B,T] bool; with_tokens adds input_ids [B,L],
    attention_mask [B,L] and pool [B,N,L] (mean over each position's span) for running the encoder."""
    ex = [split.examples[i] for i in indices]
    B, V = len(ex), split.vocab_size
    N = max(e.n for e in ex)
    T = max(len(e.target) for e in ex)
    features = np.zeros((B, N, split.feature_dim), dtype=np.float32)
    kinds = np.zeros((B, N), dtype=np.int64)
    relations = np.zeros((B, N, N), dtype=np.int64)
    mask = np.zeros((B, N), dtype=bool)
    target_input = np.zeros((B, T), dtype=np.int64)
    target_mask = np.zeros((B, T, V + N), dtype=bool)
    step_mask = np.zeros((B, T), dtype=bool)
    for b, e in enumerate(ex):
        n = e.n
        features[b, :n] = split.features[e.offset:e.offset + n]
        kinds[b, :n] = e.kinds
        relations[b, :n, :n] = e.relations
        mask[b, :n] = True
        # pointer actions V+p keep their meaning with the wider padded N (p < n <= N)
        target_input[b, :len(e.target_input)] = e.target_input
        step_mask[b, :len(e.target)] = True
        for t, s in enumerate(e.target):
            target_mask[b, t, s] = True
    out = {"features": features, "kinds": kinds, "relations": relations, "mask": mask,
           "target_input": target_input, "target_mask": target_mask, "step_mask": step_mask}
    if with_tokens:
        if any(e.input_ids is None or e.spans is None for e in ex):
            raise ValueError(f"{split.jsonl}: examples need input_ids and spans to run the encoder")
        Lmax = max(len(e.input_ids) for e in ex)
        ids = np.zeros((B, Lmax), dtype=np.int64)
        am = np.zeros((B, Lmax), dtype=np.int64)
        pool = np.zeros((B, N, Lmax), dtype=np.float32)
        for b, e in enumerate(ex):
            ids[b, :len(e.input_ids)] = e.input_ids
            am[b, :len(e.input_ids)] = 1
            for p, (s, t) in enumerate(e.spans):
                if t > s:
                    pool[b, p, s:t] = 1.0 / (t - s)
        out.update(input_ids=ids, attention_mask=am, pool=pool)
    return {k: torch.from_numpy(v).to(device) for k, v in out.items()}
