"""A tiny synthetic dataset in the pointer model's training format (docs/pointer-model.md), so the Python side can
be tested without the C# dataset writer.

    /usr/bin/python3 tools/make_tiny_pointer_data.py --out /tmp/tiny-pointer-data [--train 40 --heldout 10 --seed 5]

Words have random 384-d "features" (plus noise); schema items reuse a question word's vector when the question
mentions them, and a question–column match relation marks that. SQL follows a few templates:
`select count ( * ) from T`, `select C from T`, `select C from T where C2 = 'V'` (value pointer) and
`... where C2 > 1` where `1` is both a vocabulary entry and a question word (a two-action target set).
"""

from __future__ import annotations

import argparse
import json
import os
import random

import numpy as np

VOCAB = ["<pad>", "<s>", "</s>", "select", "from", "where", "count", "(", ")", "*", "=", ">", "'", "t1", ".",
         "and", "order", "by", "1", "2"]
# relations: 0..4 question distance -2..2, 5 question-column match, 6 question-table match, 7 question-value
# match, 8 column-table belongs, 9 table-column, 10 value-column, 11 column-value, 12 same table columns,
# 13 self, 14 other
NUM_RELATIONS = 15
NUM_KINDS = 23
FILLER = ["how", "many", "what", "are", "the", "show", "list", "all", "of", "with", "is", "there", "give", "me"]
NAMES = ["singer", "stadium", "concert", "name", "age", "country", "capacity", "year", "theme", "city", "song",
         "student", "course", "grade", "title", "price"]
VALUES = ["france", "usa", "rock", "pop", "paris"]


def make_split(g: random.Random, rng: np.random.Generator, vectors, count: int, dim: int):
    rows, feats, offset = [], [], 0
    V = len(VOCAB)
    for ex_id in range(count):
        tables = g.sample(NAMES[:4], g.randint(1, 3))
        schema = []  # (kind, word, table index, column index)
        for ti, t in enumerate(tables):
            schema.append((1, t, ti, None))
            cols = g.sample(NAMES[3:], g.randint(2, 4))
            for ci, c in enumerate(cols):
                kind = 3 + 4 * g.randint(0, 4) + 2 * (ci == 0) + g.randint(0, 1)
                schema.append((kind, c, ti, ci))
                if g.random() < 0.3:
                    schema.append((2, g.choice(VALUES), ti, ci))
        table_pos = [i for i, s in enumerate(schema) if s[0] == 1]
        col_pos = [i for i, s in enumerate(schema) if s[0] >= 3]
        val_pos = [i for i, s in enumerate(schema) if s[0] == 2]
        template = g.choice(["count", "col", "value", "number"] if val_pos else ["count", "col", "number"])
        question = g.sample(FILLER, g.randint(2, 5))
        if template == "count":
            t = g.choice(table_pos)
            question = ["how", "many"] + [schema[t][1]] + question
            mention = {2: t}
            sql = [[3], [6], [7], [9], [8], [4], ["T", t]]
        else:
            if template == "value":
                vp = g.choice(val_pos)
                c2 = vp - 1
                while schema[c2][0] < 3:
                    c2 -= 1
            else:
                c2 = g.choice(col_pos)
            t = next(i for i in table_pos if schema[i][2] == schema[c2][2])
            c = g.choice([i for i in col_pos if schema[i][2] == schema[c2][2]])
            question = ["show"] + [schema[c][1]] + question
            mention = {1: c}
            sql = [[3], ["T", c], [4], ["T", t]]
            if template == "value":
                question += ["with", schema[c2][1], schema[vp][1]]
                mention[len(question) - 2] = c2
                mention[len(question) - 1] = vp
                sql += [[5], ["T", c2], [10], ["T", vp]]
            elif template == "number":
                question += [schema[c2][1], "above", "1"]
                mention[len(question) - 3] = c2
                sql += [[5], ["T", c2], [11], [18, "Q", len(question) - 1]]
        nq = len(question)
        n = nq + len(schema)
        words = question + [s[1] for s in schema]
        kinds = [0] * nq + [s[0] for s in schema]
        rel = np.full((n, n), 14, dtype=np.int64)
        for i in range(nq):
            for j in range(nq):
                rel[i, j] = min(max(j - i, -2), 2) + 2
        for qi, sp in mention.items():
            k = {1: 6, 2: 7}.get(schema[sp][0], 5)
            rel[qi, nq + sp] = k
            rel[nq + sp, qi] = k
        for a, sa in enumerate(schema):
            for b, sb in enumerate(schema):
                if sa[2] != sb[2] or a == b:
                    continue
                if sa[0] >= 3 and sb[0] == 1:
                    rel[nq + a, nq + b] = 8
                elif sa[0] == 1 and sb[0] >= 3:
                    rel[nq + a, nq + b] = 9
                elif sa[0] == 2 and sb[0] >= 3 and sb[3] == sa[3]:
                    rel[nq + a, nq + b] = 10
                elif sa[0] >= 3 and sb[0] == 2 and sb[3] == sa[3]:
                    rel[nq + a, nq + b] = 11
                elif sa[0] >= 3 and sb[0] >= 3:
                    rel[nq + a, nq + b] = 12
        np.fill_diagonal(rel, 13)
        target = []
        for step in sql:
            if step[0] == "T":
                target.append([V + nq + step[1]])
            elif len(step) == 3:
                target.append([step[0], V + step[2]])
            else:
                target.append(step)
        target.append([2])
        target_input = [1] + [s[0] for s in target[:-1]]
        # word pieces: [CLS] question [SEP] schema [SEP], one or two pieces per word
        ids, spans = [101], []
        for p, w in enumerate(words):
            if p == nq:
                ids.append(102)
            start = len(ids)
            ids += [1000 + (hash_word(w) + k) % 28000 for k in range(1 + len(w) // 6)]
            spans.append([start, len(ids)])
        ids.append(102)
        f = np.stack([vectors[w] for w in words]) + rng.normal(0, 0.1, size=(n, dim))
        feats.append(f.astype(np.float16))
        rows.append({"id": ex_id, "db_id": "tiny", "question": " ".join(question), "sql": "",
                     "input_ids": ids, "spans": spans, "kinds": kinds, "nq": nq,
                     "relations": rel.reshape(-1).tolist(), "feature_offset": offset,
                     "target": target, "target_input": target_input})
        offset += n
    return rows, np.concatenate(feats, axis=0)


def hash_word(w: str) -> int:
    return sum((i + 1) * ord(ch) for i, ch in enumerate(w))


def make(out: str, train: int = 40, heldout: int = 10, seed: int = 5, dim: int = 384) -> str:
    os.makedirs(out, exist_ok=True)
    g = random.Random(seed)
    rng = np.random.default_rng(seed)
    vectors = {w: rng.normal(0, 1, size=dim) for w in FILLER + NAMES + VALUES + ["above", "1"]}
    max_pos, max_act = 0, 0
    for split, count in (("train", train), ("heldout", heldout)):
        rows, feats = make_split(g, rng, vectors, count, dim)
        with open(os.path.join(out, f"{split}.jsonl"), "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r) + "\n")
        feats.astype("<f2").tofile(os.path.join(out, f"{split}.features.f16"))
        max_pos = max([max_pos] + [len(r["kinds"]) for r in rows])
        max_act = max([max_act] + [len(r["target"]) for r in rows])
    meta = {"format": "pointer-minilm", "vocab": VOCAB, "num_kinds": NUM_KINDS, "num_relations": NUM_RELATIONS,
            "feature_dim": dim, "encoder": "minilm", "max_positions": max_pos, "max_actions": max_act,
            "token_budget": 128, "files": {"train": "train.jsonl", "heldout": "heldout.jsonl"}}
    with open(os.path.join(out, "pointer-metadata.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=1)
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True)
    p.add_argument("--train", type=int, default=40)
    p.add_argument("--heldout", type=int, default=10)
    p.add_argument("--seed", type=int, default=5)
    a = p.parse_args()
    print(make(a.out, a.train, a.heldout, a.seed))


if __name__ == "__main__":
    main()
