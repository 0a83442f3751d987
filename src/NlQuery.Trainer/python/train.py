"""Trains our T5 on a JSONL of {"input": ..., "target": ...} lines with a SentencePiece tokenizer.

    /usr/bin/python3 train.py --train train.jsonl --spm spiece.model --out runs/x [--eval dev.jsonl]
                              [--preset small | --config config.json | --init <hf checkpoint dir>]
                              [--batch-size 16 --accum 1 --lr 1e-3 --warmup 1000 --schedule inverse_sqrt]
                              [--max-steps N] [--resume]

- Batches by length: examples sorted by length inside large shuffled pools, cut into batches, batch order shuffled;
  each epoch's order depends only on (seed, epoch), so the data position is (epoch, batch index).
- AdamW; linear warmup then inverse-sqrt or linear decay (or constant); gradient clipping; accumulation.
- Checkpoint `<out>/checkpoint.pt` every --save-every optimizer steps and at the end, written to a temp file and
  renamed: model, optimizer, scheduler, grad scaler, step, data position and every RNG state. `--resume` continues
  exactly where it stopped (the same losses as an uninterrupted run on the same machine).
- CPU (OpenBLAS, --threads) or CUDA, chosen automatically; on CUDA bf16 autocast where supported, otherwise fp16
  autocast with a GradScaler (--precision overrides).
- Log: one JSON line per --log-every steps in `<out>/log.jsonl` (step, loss, lr, seconds per step, eval loss).
- At the end the model is saved as Hugging Face `config.json` + `pytorch_model.bin` in `<out>/model` (with the
  tokenizer); export with export_onnx.py.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import shutil
import sys
import time
from typing import Dict, List, Optional, Tuple

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_files import atomic_torch_save, atomic_write_text, choose_precision, file_sha256, rng_state, set_rng_state  # noqa: E402
from t5 import T5, make_config, normalise_config  # noqa: E402

# Model sizes; vocab_size comes from the tokenizer. Parameter counts quoted for an 8000-piece vocabulary.
PRESETS: Dict[str, Dict[str, object]] = {
    # 0.3 M: unit tests and smoke runs.
    "tiny": dict(d_model=64, d_kv=16, num_heads=4, d_ff=128, num_layers=2, num_decoder_layers=2,
                 feed_forward_proj="gated-gelu", tie_word_embeddings=False),
    # 13.5 M: the CPU-trainable default.
    "small": dict(d_model=256, d_kv=32, num_heads=8, d_ff=1024, num_layers=4, num_decoder_layers=4,
                  feed_forward_proj="gated-gelu", tie_word_embeddings=False),
    # ~61 M with 8000 pieces (89.5 M with T5's 32128): for a GPU.
    "base": dict(d_model=512, d_kv=64, num_heads=8, d_ff=1365, num_layers=6, num_decoder_layers=6,
                 feed_forward_proj="gated-gelu", tie_word_embeddings=False),
}


# ---------------------------------------------------------------------------------------------------------------
# data

def read_jsonl(path: str) -> List[Tuple[str, str]]:
    pairs = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{number}: not JSON ({e.msg})") from None
            if not isinstance(row, dict) or not isinstance(row.get("input"), str) or not isinstance(row.get("target"), str):
                raise ValueError(f"{path}:{number}: expected an object with string fields 'input' and 'target'")
            pairs.append((row["input"], row["target"]))
    if not pairs:
        raise ValueError(f"{path}: no examples")
    return pairs


class Encoded:
    """Tokenised examples: source and target ids (EOS appended, truncated)."""

    def __init__(self, pairs, sp, max_source: int, max_target: int, eos: int):
        self.sources = [sp.encode(a)[: max_source - 1] + [eos] for a, _ in pairs]
        self.targets = [sp.encode(b)[: max_target - 1] + [eos] for _, b in pairs]

    def __len__(self):
        return len(self.sources)


def epoch_batches(data: Encoded, batch_size: int, seed: int, epoch: int, pool_batches: int = 50) -> List[List[int]]:
    """The batches of one epoch, a pure function of (seed, epoch): shuffle, sort pools of `pool_batches` batches by
    length (little padding), cut, shuffle the batch order."""
    g = random.Random(seed * 1_000_003 + epoch)
    order = list(range(len(data)))
    g.shuffle(order)
    pool = batch_size * pool_batches
    batches = []
    for start in range(0, len(order), pool):
        chunk = sorted(order[start:start + pool], key=lambda i: (len(data.sources[i]), len(data.targets[i])))
        batches += [chunk[i:i + batch_size] for i in range(0, len(chunk), batch_size)]
    g.shuffle(batches)
    return batches


def collate(data: Encoded, indices: List[int], pad: int, device) -> Dict[str, torch.Tensor]:
    src = [data.sources[i] for i in indices]
    tgt = [data.targets[i] for i in indices]
    ws, wt = max(map(len, src)), max(map(len, tgt))
    input_ids = torch.tensor([s + [pad] * (ws - len(s)) for s in src], dtype=torch.long)
    mask = torch.tensor([[1] * len(s) + [0] * (ws - len(s)) for s in src], dtype=torch.long)
    labels = torch.tensor([t + [-100] * (wt - len(t)) for t in tgt], dtype=torch.long)
    return {"input_ids": input_ids.to(device), "attention_mask": mask.to(device), "labels": labels.to(device)}


# ---------------------------------------------------------------------------------------------------------------
# schedule, precision, checkpoints

def lr_factor(step: int, warmup: int, schedule: str, total: int) -> float:
    """Multiplier of the peak learning rate at optimizer step `step` (0-based)."""
    s = step + 1
    if warmup > 0 and s <= warmup:
        return s / warmup
    if schedule == "constant":
        return 1.0
    if schedule == "inverse_sqrt":
        return math.sqrt(max(warmup, 1) / s)
    if schedule == "linear":
        return max(0.0, (total - s) / max(1, total - warmup))
    raise ValueError(f"unknown schedule '{schedule}' (inverse_sqrt, linear, constant)")


# ---------------------------------------------------------------------------------------------------------------

def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--train", required=True, help="JSONL with {\"input\", \"target\"} per line")
    p.add_argument("--eval", help="JSONL for the periodic eval loss (default: --eval-fraction of --train)")
    p.add_argument("--eval-fraction", type=float, default=0.0, help="held out from --train when --eval is absent")
    p.add_argument("--spm", required=True, help="SentencePiece model (T5 ids: pad 0, eos 1, unk 2)")
    p.add_argument("--out", required=True, help="run folder: checkpoint.pt, log.jsonl, model/")
    p.add_argument("--preset", choices=sorted(PRESETS), default="small")
    p.add_argument("--config", help="JSON with Hugging Face T5 config keys (overrides --preset)")
    p.add_argument("--init", help="start from a Hugging Face T5 checkpoint folder (config.json + pytorch_model.bin)")
    p.add_argument("--max-source-length", type=int, default=512)
    p.add_argument("--max-target-length", type=int, default=256)
    p.add_argument("--batch-size", type=int, default=16)
    p.add_argument("--accum", type=int, default=1, help="micro-batches per optimizer step")
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--warmup", type=int, default=1000)
    p.add_argument("--schedule", choices=["inverse_sqrt", "linear", "constant"], default="inverse_sqrt")
    p.add_argument("--clip", type=float, default=1.0, help="gradient norm clip (0: none)")
    p.add_argument("--dropout", type=float, help="overrides the config's dropout_rate")
    p.add_argument("--max-steps", type=int, default=10000, help="optimizer steps in total (also the linear schedule's end)")
    p.add_argument("--save-every", type=int, default=200)
    p.add_argument("--eval-every", type=int, default=500)
    p.add_argument("--log-every", type=int, default=10)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--device", default="auto", help="auto, cpu, cuda, cuda:N")
    p.add_argument("--precision", choices=["auto", "fp32", "bf16", "fp16"], default="auto")
    p.add_argument("--threads", type=int, default=2, help="CPU threads (torch.set_num_threads)")
    p.add_argument("--resume", action="store_true", help="continue from <out>/checkpoint.pt")
    p.add_argument("--stop-after", type=int, help="(testing) stop after this many optimizer steps in this process")
    return p.parse_args(argv)


def build_model(args, vocab_size: int) -> T5:
    if args.init:
        model = T5.from_pretrained(args.init)
        print(f"initialised from {args.init}", flush=True)
        if model.config["vocab_size"] < vocab_size:
            raise ValueError(f"--init model has vocab_size {model.config['vocab_size']} < tokenizer's {vocab_size}")
        return model
    if args.config:
        with open(args.config, encoding="utf-8") as f:
            config = normalise_config(json.load(f))
    else:
        config = make_config(**PRESETS[args.preset])
    config["vocab_size"] = vocab_size
    return T5(config)


def evaluate(model: T5, data: Encoded, batch_size: int, device, dtype) -> float:
    """Mean token cross-entropy over the whole set (dropout off; consumes no random numbers)."""
    model.eval()
    total, tokens = 0.0, 0
    with torch.no_grad():
        for batch in epoch_batches(data, batch_size, seed=0, epoch=0):
            b = collate(data, batch, 0, device)
            with torch.autocast(device.type, dtype=dtype, enabled=dtype is not None):
                _, logits = model(b["input_ids"], b["attention_mask"], b["labels"])
            n = int((b["labels"] != -100).sum())
            loss = torch.nn.functional.cross_entropy(
                logits.float().view(-1, logits.shape[-1]), b["labels"].view(-1), ignore_index=-100, reduction="sum")
            total += float(loss)
            tokens += n
    model.train()
    return total / max(tokens, 1)


def main(argv=None) -> int:
    args = parse_args(argv)
    import sentencepiece as spm

    device = torch.device("cuda" if args.device == "auto" and torch.cuda.is_available() else
                          ("cpu" if args.device == "auto" else args.device))
    if device.type == "cpu":
        torch.set_num_threads(args.threads)
    dtype = choose_precision(args.precision, device)
    os.makedirs(args.out, exist_ok=True)
    ckpt_path = os.path.join(args.out, "checkpoint.pt")
    log_path = os.path.join(args.out, "log.jsonl")

    sp = spm.SentencePieceProcessor(model_file=args.spm)
    if sp.pad_id() != 0 or sp.eos_id() != 1:
        raise ValueError(f"{args.spm}: pad/eos ids are {sp.pad_id()}/{sp.eos_id()}, T5 needs 0/1 "
                         "(spm_train --pad_id=0 --eos_id=1 --unk_id=2 --bos_id=-1)")
    pairs = read_jsonl(args.train)
    eval_pairs: List[Tuple[str, str]] = []
    if args.eval:
        eval_pairs = read_jsonl(args.eval)
    elif args.eval_fraction > 0:
        held = random.Random(args.seed).sample(range(len(pairs)), max(1, int(len(pairs) * args.eval_fraction)))
        held_set = set(held)
        eval_pairs = [pairs[i] for i in sorted(held)]
        pairs = [p for i, p in enumerate(pairs) if i not in held_set]
    eos = sp.eos_id()
    train = Encoded(pairs, sp, args.max_source_length, args.max_target_length, eos)
    dev = Encoded(eval_pairs, sp, args.max_source_length, args.max_target_length, eos) if eval_pairs else None

    torch.manual_seed(args.seed)
    random.seed(args.seed)
    model = build_model(args, sp.get_piece_size())
    if args.dropout is not None:
        model.config["dropout_rate"] = args.dropout
        for m in model.modules():
            if isinstance(m, torch.nn.Dropout):
                m.p = args.dropout
    model.to(device).train()
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2 and "relative_attention_bias" not in n]
    no_decay = [p for n, p in model.named_parameters() if not (p.dim() >= 2 and "relative_attention_bias" not in n)]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": args.weight_decay},
                                   {"params": no_decay, "weight_decay": 0.0}], lr=args.lr)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: lr_factor(s, args.warmup, args.schedule, args.max_steps))
    scaler = torch.cuda.amp.GradScaler(enabled=dtype == torch.float16)

    step, epoch, batch_index = 0, 0, 0
    if args.resume:
        if not os.path.exists(ckpt_path):
            raise FileNotFoundError(f"--resume: {ckpt_path} not found")
        ckpt = torch.load(ckpt_path, map_location=device)
        if ckpt.get("train_sha256") != file_sha256(args.train):
            raise ValueError(f"--resume: {args.train} is not the file the checkpoint was trained on (sha256 differs)")
        model.load_state_dict(ckpt["model"])
        optimizer.load_state_dict(ckpt["optimizer"])
        scheduler.load_state_dict(ckpt["scheduler"])
        scaler.load_state_dict(ckpt["scaler"])
        step, epoch, batch_index = ckpt["step"], ckpt["epoch"], ckpt["batch_index"]
        set_rng_state(ckpt["rng"])
        print(f"resumed at step {step} (epoch {epoch}, batch {batch_index})", flush=True)
    elif os.path.exists(ckpt_path):
        raise FileExistsError(f"{ckpt_path} exists: pass --resume to continue it, or choose another --out")

    def save_checkpoint():
        atomic_torch_save({
            "model": model.state_dict(), "optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(),
            "scaler": scaler.state_dict(), "step": step, "epoch": epoch, "batch_index": batch_index,
            "rng": rng_state(), "config": model.config, "args": vars(args),
            "train_sha256": file_sha256(args.train),
        }, ckpt_path)

    def log(record):
        with open(log_path, "a", encoding="utf-8") as f:
            f.write(json.dumps(record) + "\n")

    print(f"{model.num_parameters():,} parameters, {len(train)} training examples, device {device}, "
          f"precision {dtype or 'fp32'}", flush=True)
    batches = epoch_batches(train, args.batch_size, args.seed, epoch)
    steps_here = 0
    window_loss, window_steps, window_start = 0.0, 0, time.perf_counter()
    while step < args.max_steps:
        optimizer.zero_grad(set_to_none=True)
        step_loss = 0.0
        for _ in range(args.accum):
            if batch_index >= len(batches):
                epoch, batch_index = epoch + 1, 0
                batches = epoch_batches(train, args.batch_size, args.seed, epoch)
            b = collate(train, batches[batch_index], 0, device)
            batch_index += 1
            with torch.autocast(device.type, dtype=dtype, enabled=dtype is not None):
                loss, _ = model(b["input_ids"], b["attention_mask"], b["labels"])
            scaler.scale(loss / args.accum).backward()
            step_loss += float(loss) / args.accum
        if args.clip > 0:
            scaler.unscale_(optimizer)
            torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
        scaler.step(optimizer)
        scaler.update()
        scheduler.step()
        step += 1
        steps_here += 1
        window_loss += step_loss
        window_steps += 1
        if step % args.log_every == 0 or step == args.max_steps:
            elapsed = time.perf_counter() - window_start
            record = {"step": step, "loss": window_loss / window_steps, "last_loss": step_loss,
                      "lr": scheduler.get_last_lr()[0], "sec_per_step": elapsed / window_steps, "epoch": epoch}
            log(record)
            print(json.dumps(record), flush=True)
            window_loss, window_steps, window_start = 0.0, 0, time.perf_counter()
        if dev is not None and (step % args.eval_every == 0 or step == args.max_steps):
            eval_loss = evaluate(model, dev, args.batch_size, device, dtype)
            log({"step": step, "eval_loss": eval_loss})
            print(json.dumps({"step": step, "eval_loss": eval_loss}), flush=True)
        if step % args.save_every == 0 or step == args.max_steps:
            save_checkpoint()
        if args.stop_after is not None and steps_here >= args.stop_after:
            if step % args.save_every != 0:
                save_checkpoint()
            print(f"stopping after {steps_here} steps (--stop-after)", flush=True)
            return 0

    final = os.path.join(args.out, "model")
    model.to("cpu").save_pretrained(final)
    shutil.copyfile(args.spm, os.path.join(final, "spiece.model"))
    atomic_write_text(os.path.join(final, "training.json"), json.dumps({
        "steps": step, "train_sha256": file_sha256(args.train), "examples": len(train),
        "parameters": model.num_parameters()}, indent=2) + "\n")
    print(f"saved {final}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
