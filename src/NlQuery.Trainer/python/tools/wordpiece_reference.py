#!/usr/bin/env python3
"""An independent, pure-Python BERT WordPiece tokenizer (uncased), the reference the C# WordPieceTokenizer is tested
against (tests/fixtures/wordpiece/). Standard library only.

Basic tokenization as BERT's: drop control characters and U+0000/U+FFFD, map whitespace to a space, put spaces around
CJK ideographs, lower-case, strip accents (NFD, drop category Mn), split on whitespace, then split every
punctuation character off (Unicode categories P*, and the ASCII symbols 33-47, 58-64, 91-96, 123-126). Each word is
then split greedily, longest match first, with '##' on continuation pieces; a word longer than 100 characters, or
one the vocabulary cannot spell, becomes [UNK]. Ids carry no [CLS]/[SEP].

  python3 wordpiece_reference.py VOCAB.txt CORPUS.txt OUT.jsonl
writes one JSON line per corpus line: {"line": n, "text": ..., "ids": [...]}.
"""
import json
import sys
import unicodedata

MAX_WORD_CHARS = 100


def read_vocab(path):
    vocab = {}
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            token = line.rstrip("\n")
            if token and token not in vocab:
                vocab[token] = i
    return vocab


def is_whitespace(ch):
    if ch in (" ", "\t", "\n", "\r"):
        return True
    return unicodedata.category(ch) == "Zs"


def is_control(ch):
    if ch in ("\t", "\n", "\r"):
        return False
    return unicodedata.category(ch) in ("Cc", "Cf")


def is_punctuation(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def is_cjk(cp):
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF or 0x2A700 <= cp <= 0x2B73F
            or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


def clean(text):
    out = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD or is_control(ch):
            continue
        out.append(" " if is_whitespace(ch) else ch)
    return "".join(out)


def basic_tokens(text):
    text = clean(text)
    spaced = []
    for ch in text:
        if is_cjk(ord(ch)):
            spaced.extend((" ", ch, " "))
        else:
            spaced.append(ch)
    words = []
    for word in "".join(spaced).split():
        word = word.lower()
        word = "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")
        current = []
        for ch in word:
            if is_punctuation(ch):
                if current:
                    words.append("".join(current))
                    current = []
                words.append(ch)
            else:
                current.append(ch)
        if current:
            words.append("".join(current))
    return words


def wordpiece(word, vocab, unk):
    if len(word) > MAX_WORD_CHARS:
        return [unk]
    pieces = []
    start = 0
    while start < len(word):
        end = len(word)
        found = None
        while start < end:
            piece = word[start:end]
            if start > 0:
                piece = "##" + piece
            if piece in vocab:
                found = vocab[piece]
                break
            end -= 1
        if found is None:
            return [unk]
        pieces.append(found)
        start = end
    return pieces


def encode(text, vocab):
    unk = vocab["[UNK]"]
    ids = []
    for word in basic_tokens(text):
        ids.extend(wordpiece(word, vocab, unk))
    return ids


def main(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    vocab = read_vocab(argv[1])
    with open(argv[2], encoding="utf-8") as f, open(argv[3], "w", encoding="utf-8") as out:
        for n, line in enumerate(f.read().split("\n")):
            if not line:
                continue
            out.write(json.dumps({"line": n + 1, "text": line, "ids": encode(line, vocab)}, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
