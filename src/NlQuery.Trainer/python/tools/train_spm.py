"""Trains a SentencePiece unigram tokenizer with T5's conventions on the inputs and targets of training JSONL files
(their " | "-separated segments, each once).

    /usr/bin/python3 tools/train_spm.py --jsonl train.jsonl [more.jsonl ...] --vocab 8000 --out spiece.model

T5 ids: pad 0, eos 1, unk 2, no bos; nmt_nfkc normalisation; every character of the corpus kept
(character_coverage 1.0) so SQL punctuation such as < > never becomes unk; "|" is a user-defined piece because the
corpus is split at " | " and would otherwise never contain it (the target separator would be unk). After training,
every line given is encoded and the script fails if any character is unknown. Deterministic: one thread, the whole
corpus, relative paths (the model records them).
"""

import argparse
import json
import os
import shutil
import subprocess
import tempfile


def read_rows(paths):
    """(path, line number, row) for every non-empty JSONL line of the given files."""
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if line.strip():
                    yield path, number, json.loads(line)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--jsonl", nargs="+", required=True, help="files of {\"input\", \"target\"} lines")
    p.add_argument("--vocab", type=int, default=8000)
    p.add_argument("--out", required=True, help="path of the .model to write")
    p.add_argument("--max-sentence-length", type=int, default=8192, help="longer lines are skipped by spm_train")
    args = p.parse_args()
    if shutil.which("spm_train") is None:
        raise SystemExit("spm_train not found: apt-get install sentencepiece")
    with tempfile.TemporaryDirectory() as tmp:
        lines, seen = 0, set()
        with open(os.path.join(tmp, "corpus.txt"), "w", encoding="utf-8") as corpus:
            for _, _, row in read_rows(args.jsonl):
                for key in ("input", "target"):
                    # Split at " | " and keep each segment once: every example repeats its database's
                    # schema, which would otherwise outweigh the questions and the SQL.
                    for segment in " ".join(str(row.get(key, "")).split()).split(" | "):
                        if segment and segment not in seen:
                            seen.add(segment)
                            corpus.write(segment + "\n")
                            lines += 1
        if lines == 0:
            raise SystemExit("no text found in the given JSONL files")
        subprocess.run([
            "spm_train", "--input=corpus.txt", "--model_prefix=spiece", "--model_type=unigram",
            f"--vocab_size={args.vocab}", "--pad_id=0", "--eos_id=1", "--unk_id=2", "--bos_id=-1",
            "--character_coverage=1.0", "--normalization_rule_name=nmt_nfkc", "--num_threads=1",
            "--input_sentence_size=0", f"--max_sentence_length={args.max_sentence_length}", "--minloglevel=1",
            "--user_defined_symbols=|",  # the " | " separator of inputs and targets (see above)
            "--hard_vocab_limit=false",  # a small corpus may not support --vocab pieces: take what it supports
        ], check=True, cwd=tmp)
        shutil.copyfile(os.path.join(tmp, "spiece.model"), args.out)
    import sentencepiece as spm
    processor = spm.SentencePieceProcessor(model_file=args.out)
    size = processor.get_piece_size()
    for path, number, row in read_rows(args.jsonl):
        for key in ("input", "target"):
            text = str(row.get(key, ""))
            pieces = processor.encode(text, out_type=str)
            ids = processor.encode(text)
            unknown = [p for p, i in zip(pieces, ids) if i == processor.unk_id()]
            if unknown:
                os.remove(args.out)
                raise SystemExit(f"{path}:{number}: {key} has text the tokenizer cannot represent: {unknown[:5]}")
    print(f"{lines} lines -> {args.out} ({size} pieces; {args.vocab} asked)")


if __name__ == "__main__":
    main()
