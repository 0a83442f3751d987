"""Writes a training JSONL from a Spider-format folder, for trying train.py before the C# dataset builder.

    /usr/bin/python3 tools/make_example_jsonl.py --spider ../shared/data/spider --split train_spider --out train.jsonl

Input: `question | db_id | table : col , col | ...` (PICARD's shape, without its database values);
target: `db_id | sql` with whitespace collapsed and the SQL lowercased outside quotes. The C# trainer
(src/NlQuery.Trainer) builds the real sets with the Engine's serialiser and parser-checked targets.
"""

import argparse
import json
import os
import re


def lower_outside_quotes(sql: str) -> str:
    parts = re.split(r"('(?:[^']|'')*'|\"(?:[^\"]|\"\")*\")", sql)
    return "".join(p if i % 2 else p.lower() for i, p in enumerate(parts))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--spider", required=True, help="folder with tables.json and <split>.json")
    p.add_argument("--split", default="train_spider")
    p.add_argument("--out", required=True)
    p.add_argument("--limit", type=int)
    args = p.parse_args()
    with open(os.path.join(args.spider, "tables.json"), encoding="utf-8") as f:
        schemas = {db["db_id"]: db for db in json.load(f)}
    with open(os.path.join(args.spider, args.split + ".json"), encoding="utf-8") as f:
        examples = json.load(f)
    written = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for ex in examples[: args.limit]:
            db = schemas.get(ex["db_id"])
            if db is None:
                continue
            tables = []
            for ti, table in enumerate(db["table_names_original"]):
                cols = [c.lower() for tj, c in db["column_names_original"] if tj == ti]
                tables.append(f"{table.lower()} : {' , '.join(cols)}")
            source = f"{ex['question'].strip()} | {ex['db_id']} | " + " | ".join(tables)
            target = f"{ex['db_id']} | {lower_outside_quotes(' '.join(ex['query'].split()))}"
            out.write(json.dumps({"input": source, "target": target}) + "\n")
            written += 1
    print(f"{written} examples -> {args.out}")


if __name__ == "__main__":
    main()
