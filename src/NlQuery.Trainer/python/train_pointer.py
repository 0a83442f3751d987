"""Trains the pointer-minilm model (pointer_model.py) on the files written by C# (docs/pointer-model.md).

    /usr/bin/python3 train_pointer.py --data <dir> --out <dir> [--steps N] [--max-minutes M] [--batch 32]
        [--lr 1e-3] [--d 256] [--enc-layers 2] [--dec-layers 2] [--seed 1] [--threads 2] [--device cpu|cuda]
        [--finetune-encoder --encoder-onnx minilm.onnx] [--eval-every K]
        [--init <model dir | weights file>] [--upweight feedback=8]

- CPU (default): trains on the frozen pooled MiniLM features in `<split>.features.f16`.
- `--finetune-encoder` (meant for a GPU): runs MiniLM (minilm.py, weights from the package's ONNX file) over
  `input_ids`, mean-pools every position's span and trains end to end (encoder lr `--encoder-lr`); on CUDA with
  autocast (bf16 where supported, else fp16 with a GradScaler).
- Planned steps: --steps, or estimated after the first 20 steps from --max-minutes (the smaller of the two when
  both are given). Linear warmup (--warmup) then cosine (or linear) decay to the planned step.
- `<out>/checkpoint.pt` (model, optimizer, scheduler, scaler, step, data position, planned steps, elapsed time,
  every RNG state) is written atomically every --save-minutes (and every --save-every steps if set), at the end,
  at --max-minutes and on SIGTERM. A run whose --out holds a checkpoint continues from it (the same losses as an
  uninterrupted run); a changed training file (sha256) is refused. --max-minutes counts training time across
  resumed sessions.
- `--init`: fine-tuning. The architecture comes from the model's weights (pointer_weights.py; --d, --heads and the
  layer counts are ignored) and the data's action vocabulary, kinds, relations and feature width must be the
  model's (refused otherwise). Give it a lower --lr and a short --warmup (nlq train --feedback does).
- `--upweight SOURCE=K`: examples whose `source` is SOURCE come K times per epoch (a user's few corrections among
  replayed Spider examples); the epoch order stays a pure function of (seed, epoch), so resuming is unchanged.
- Every --eval-every steps and at the end: heldout teacher-forced loss and per-step accuracy, and greedy
  (unconstrained argmax) action-sequence exact match. `<out>/best.pt` keeps the weights with the best heldout exact
  match (ties: lower heldout loss; without a heldout split: the lowest training loss).
- `<out>/training.json` (atomic): hyperparameters, steps, wall time, device, loss curve, heldout metrics, data sha256.
  `<out>/log.jsonl`: one JSON record per log/eval point.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import signal
import sys
import time
from typing import Dict, List, Optional

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pointer_data import PointerSplit, collate, epoch_batches, read_metadata, split_paths  # noqa: E402
from run_files import atomic_torch_save, atomic_write_text, choose_precision, file_sha256, rng_state, set_rng_state  # noqa: E402
from pointer_model import PointerModel, make_config, set_loss  # noqa: E402
from pointer_weights import check_compatible, load_init  # noqa: E402


def lr_factor(step: int, warmup: int, total: Optional[int], schedule: str, floor: float = 0.0) -> float:
    """Multiplier of the peak lr for optimizer step `step` (0-based). total None (not yet planned): warmup, then 1."""
    s = step + 1
    if warmup > 0 and s <= warmup:
        return s / warmup
    if total is None or schedule == "constant":
        return 1.0
    progress = min(1.0, (s - warmup) / max(1, total - warmup))
    if schedule == "cosine":
        return floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * progress))
    if schedule == "linear":
        return floor + (1 - floor) * (1 - progress)
    raise ValueError(f"unknown schedule '{schedule}'")


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="folder with pointer-metadata.json, <split>.jsonl, .features.f16")
    p.add_argument("--out", required=True, help="run folder: checkpoint.pt, best.pt, training.json, log.jsonl")
    p.add_argument("--train-split", default="train")
    p.add_argument("--heldout-split", default="heldout", help="'' for none")
    p.add_argument("--heldout-limit", type=int, default=500, help="evaluate on at most this many heldout examples")
    p.add_argument("--steps", type=int, help="planned optimizer steps")
    p.add_argument("--max-minutes", type=float, help="training time budget (across resumed sessions)")
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--encoder-lr", type=float, default=5e-5, help="MiniLM's lr with --finetune-encoder")
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--warmup", type=int, default=100, help="warmup steps (at most a tenth of the planned steps)")
    p.add_argument("--schedule", choices=["cosine", "linear", "constant"], default="cosine")
    p.add_argument("--clip", type=float, default=1.0, help="gradient norm clip (0: none)")
    p.add_argument("--d", type=int, default=256)
    p.add_argument("--heads", type=int, default=8)
    p.add_argument("--enc-layers", type=int, default=2)
    p.add_argument("--dec-layers", type=int, default=2)
    p.add_argument("--dropout", type=float, default=0.2)
    p.add_argument("--feature-dropout", type=float, default=0.2)
    p.add_argument("--pre-ln", action="store_true", help="pre-LN relation-aware layers (default post-LN)")
    p.add_argument("--ablate-linking", action="store_true",
                   help="ablation: question-schema match relations replaced by 'none' (train and heldout)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--device", default="cpu", help="cpu, cuda, cuda:N")
    p.add_argument("--precision", choices=["auto", "fp32", "bf16", "fp16"], default="auto",
                   help="auto: fp32 on CPU; bf16 (or fp16 + GradScaler) autocast on CUDA")
    p.add_argument("--finetune-encoder", action="store_true")
    p.add_argument("--encoder-onnx", default=os.environ.get("NLQUERY_MINILM_ONNX"),
                   help="MiniLM ONNX file (default $NLQUERY_MINILM_ONNX)")
    p.add_argument("--eval-every", type=int, default=200)
    p.add_argument("--log-every", type=int, default=10)
    p.add_argument("--save-minutes", type=float, default=5.0)
    p.add_argument("--save-every", type=int, default=0, help="also checkpoint every N steps (0: off)")
    p.add_argument("--resume", action="store_true", help="require a checkpoint in --out (resuming is automatic)")
    p.add_argument("--stop-after", type=int, help="(testing) stop after this many steps in this process")
    p.add_argument("--init", help="start from a model folder's weights (its model.json 'weights') or a weights file")
    p.add_argument("--upweight", action="append", default=[], metavar="SOURCE=K",
                   help="repeat the examples of a source K times per epoch (repeatable)")
    args = p.parse_args(argv)
    upweights = {}
    for item in args.upweight:
        source, _, count = item.partition("=")
        if not source or not count.isdigit() or int(count) < 1:
            p.error(f"--upweight {item!r}: expected SOURCE=K with K a positive whole number")
        upweights[source] = int(count)
    args.upweight = upweights
    if args.init and args.finetune_encoder:
        p.error("--init fine-tunes the shipped model, whose MiniLM is frozen: drop --finetune-encoder")
    if args.steps is None and args.max_minutes is None:
        p.error("give --steps and/or --max-minutes")
    if args.finetune_encoder and not args.encoder_onnx:
        p.error("--finetune-encoder needs --encoder-onnx (or NLQUERY_MINILM_ONNX)")
    return args


def model_logits(model: PointerModel, b: Dict[str, torch.Tensor], dtype) -> torch.Tensor:
    device_type = b["features"].device.type
    with torch.autocast(device_type, dtype=dtype or torch.bfloat16, enabled=dtype is not None):
        features = b["features"]
        if model.encoder is not None:
            hidden = model.encoder(b["input_ids"], b["attention_mask"])
            features = torch.matmul(b["pool"].to(hidden.dtype), hidden)
        return model(features, b["kinds"], b["relations"], b["mask"], b["target_input"])


@torch.no_grad()
def evaluate(model: PointerModel, split: PointerSplit, batch: int, device, dtype) -> Dict[str, float]:
    """Heldout loss, teacher-forced per-step accuracy (argmax in the target set) and greedy exact match (every
    greedy action in its step's target set, ending with </s> at the last step). Consumes no random numbers."""
    was_training = model.training
    model.eval()
    loss_sum, steps, correct_steps, exact = 0.0, 0, 0, 0
    with_tokens = model.encoder is not None
    for idx in epoch_batches(split, batch, seed=0, epoch=0, shuffle=False):
        b = collate(split, idx, device, with_tokens)
        logits = model_logits(model, b, dtype).float()
        n_steps = int(b["step_mask"].sum())
        loss_sum += float(set_loss(logits, b["target_mask"], b["step_mask"])) * n_steps
        steps += n_steps
        hit = b["target_mask"].gather(2, logits.argmax(-1, keepdim=True)).squeeze(-1) & b["step_mask"]
        correct_steps += int(hit.sum())
        features = b["features"]
        with torch.autocast(device.type, dtype=dtype or torch.bfloat16, enabled=dtype is not None):
            if model.encoder is not None:
                hidden = model.encoder(b["input_ids"], b["attention_mask"])
                features = torch.matmul(b["pool"].to(hidden.dtype), hidden)
            T = b["step_mask"].shape[1]
            pred = model.greedy(features, b["kinds"], b["relations"], b["mask"], max_steps=T)
        for r, i in enumerate(idx):
            target = split.examples[i].target
            seq = pred[r].tolist()
            exact += int(len(seq) >= len(target) and all(seq[t] in s for t, s in enumerate(target)))
    if was_training:
        model.train()
    return {"loss": loss_sum / max(steps, 1), "step_accuracy": correct_steps / max(steps, 1),
            "exact_match": exact / len(split), "examples": len(split)}


def fmt_time(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}" if seconds >= 3600 else \
        f"{seconds // 60:02d}:{seconds % 60:02d}"


def main(argv=None) -> int:
    args = parse_args(argv)
    device = torch.device(args.device)
    if device.type == "cpu":
        torch.set_num_threads(args.threads)
    dtype = choose_precision(args.precision, device)
    os.makedirs(args.out, exist_ok=True)
    ckpt_path = os.path.join(args.out, "checkpoint.pt")
    best_path = os.path.join(args.out, "best.pt")
    log_path = os.path.join(args.out, "log.jsonl")

    meta = read_metadata(args.data)
    train_jsonl, _ = split_paths(args.data, meta, args.train_split)
    data_sha = file_sha256(train_jsonl)
    train = PointerSplit(args.data, args.train_split, meta, ablate_linking=args.ablate_linking,
                         repeat=args.upweight)
    heldout = None
    if args.heldout_split:
        h_jsonl, h_feat = split_paths(args.data, meta, args.heldout_split)
        # An empty held-out split (no database held out) is no split: best.pt then follows the training loss.
        if os.path.exists(h_jsonl) and os.path.exists(h_feat) and os.path.getsize(h_feat) > 0:
            heldout = PointerSplit(args.data, args.heldout_split, meta, limit=args.heldout_limit,
                                   ablate_linking=args.ablate_linking)

    ckpt = None
    if os.path.exists(ckpt_path):
        ckpt = torch.load(ckpt_path, map_location="cpu")
        if ckpt.get("data_sha256") != data_sha:
            raise ValueError(f"{ckpt_path}: {train_jsonl} is not the file the checkpoint was trained on "
                             "(sha256 differs); choose another --out")
    elif args.resume:
        raise FileNotFoundError(f"--resume: {ckpt_path} not found")

    init_state = None
    if ckpt is not None:
        config = ckpt["config"]
    elif args.init:
        config, init_state, init_vocab = load_init(args.init)
        check_compatible(config, init_vocab, meta, args.init)
        config = dict(config, dropout=args.dropout, feature_dropout=args.feature_dropout)
    else:
        config = make_config(len(meta["vocab"]), int(meta["num_kinds"]), int(meta["num_relations"]),
                             int(meta["feature_dim"]), d=args.d, heads=args.heads, enc_layers=args.enc_layers,
                             dec_layers=args.dec_layers, dropout=args.dropout, feature_dropout=args.feature_dropout,
                             pre_ln=args.pre_ln, finetune_encoder=args.finetune_encoder)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    model = PointerModel(config)
    if config.get("finetune_encoder"):
        from minilm import MiniLM, load_minilm
        model.encoder = load_minilm(args.encoder_onnx) if ckpt is None else MiniLM()
    if init_state is not None:
        model.load_state_dict(init_state)
        print(f"initialised from {args.init}", flush=True)
    model.to(device).train()

    enc_params = [p for n, p in model.named_parameters() if n.startswith("encoder.")]
    own = [(n, p) for n, p in model.named_parameters() if not n.startswith("encoder.")]
    groups = [{"params": [p for n, p in own if p.dim() >= 2], "weight_decay": args.weight_decay, "lr": args.lr},
              {"params": [p for n, p in own if p.dim() < 2], "weight_decay": 0.0, "lr": args.lr}]
    if enc_params:
        groups.append({"params": enc_params, "weight_decay": args.weight_decay, "lr": args.encoder_lr})
    optimizer = torch.optim.AdamW(groups, lr=args.lr)
    plan = {"total": args.steps}

    def factor(s):
        warmup = args.warmup if plan["total"] is None else min(args.warmup, max(1, plan["total"] // 10))
        return lr_factor(s, warmup, plan["total"], args.schedule)

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, factor)
    scaler = torch.cuda.amp.GradScaler(enabled=dtype == torch.float16)

    state = {"step": 0, "epoch": 0, "batch_index": 0, "elapsed": 0.0, "curve": [], "evals": [], "best": None,
             "best_metrics": None, "last_metrics": None}
    if ckpt is not None:
        model.load_state_dict(ckpt["model"])
        optimizer.load_state_dict(ckpt["optimizer"])
        scheduler.load_state_dict(ckpt["scheduler"])
        scaler.load_state_dict(ckpt["scaler"])
        state.update(ckpt["state"])
        # --steps given on resume re-plans the schedule (e.g. the machine turned out slower than first measured).
        plan["total"] = args.steps if args.steps else ckpt["planned_steps"]
        set_rng_state(ckpt["rng"])
        print(f"resumed at step {state['step']} (epoch {state['epoch']}, batch {state['batch_index']}, "
              f"{fmt_time(state['elapsed'])} trained)", flush=True)
        del ckpt

    def save_checkpoint():
        atomic_torch_save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                            "scheduler": scheduler.state_dict(), "scaler": scaler.state_dict(),
                            "state": state, "planned_steps": plan["total"], "rng": rng_state(),
                            "config": config, "args": vars(args), "data_sha256": data_sha}, ckpt_path)

    def save_best(metrics):
        atomic_torch_save({"model": model.state_dict(), "config": config, "step": state["step"],
                            "metrics": metrics}, best_path)

    def log(record):
        with open(log_path, "a", encoding="utf-8") as f:
            f.write(json.dumps(record) + "\n")

    def write_summary(status: str):
        curve = state["curve"]
        stride = max(1, math.ceil(len(curve) / 100))
        summary = {
            "format": "pointer-minilm", "status": status, "steps": state["step"], "planned_steps": plan["total"],
            "epochs": state["epoch"] + state["batch_index"] / max(1, len(batches)),
            "wall_seconds": round(state["elapsed"], 1), "device": str(device),
            "device_name": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu",
            "threads": args.threads if device.type == "cpu" else None, "precision": str(dtype or "fp32"),
            "torch": torch.__version__, "parameters": model.num_parameters(),
            "config": config, "hyperparameters": {k: v for k, v in vars(args).items()},
            "data": {"dir": os.path.abspath(args.data), "train_sha256": data_sha, "train_examples": len(train),
                     "heldout_examples": len(heldout) if heldout else 0},
            "loss_curve": {"first": curve[0][1] if curve else None, "last": curve[-1][1] if curve else None,
                           "min": min(c[1] for c in curve) if curve else None,
                           "points": [c for c in curve[::stride]] + ([curve[-1]] if curve and
                                                                    (len(curve) - 1) % stride else [])},
            "heldout": state["last_metrics"], "heldout_history": state["evals"],
            "best": state["best_metrics"], "sec_per_step": round(state["elapsed"] / max(1, state["step"]), 4),
        }
        atomic_write_text(os.path.join(args.out, "training.json"), json.dumps(summary, indent=1) + "\n")

    stop = {"signal": None}

    def on_term(signum, frame):
        stop["signal"] = signum

    signal.signal(signal.SIGTERM, on_term)

    with_tokens = model.encoder is not None
    print(f"{model.num_parameters():,} parameters ({sum(p.numel() for p in enc_params):,} in MiniLM), "
          f"{len(train)} training / {len(heldout) if heldout else 0} heldout examples, device {device}, "
          f"precision {dtype or 'fp32'}", flush=True)
    batches = epoch_batches(train, args.batch, args.seed, state["epoch"])
    budget = args.max_minutes * 60 if args.max_minutes is not None else None
    steps_here = 0
    session_start = time.perf_counter()
    elapsed_base = state["elapsed"]
    last_save = time.perf_counter()
    window_loss, window_steps, window_start = 0.0, 0, time.perf_counter()
    timing_start = None  # (time, step) after the 5th step of this session: the estimate skips warm-up steps
    status = "finished"

    def run_eval():
        metrics = evaluate(model, heldout, args.batch, device, dtype)
        metrics["step"] = state["step"]
        state["last_metrics"] = metrics
        state["evals"].append({k: (round(v, 5) if isinstance(v, float) else v) for k, v in metrics.items()})
        log({"step": state["step"], "heldout": metrics})
        print(f"step {state['step']} heldout loss {metrics['loss']:.3f}  step acc {metrics['step_accuracy']:.3f}  "
              f"exact {metrics['exact_match']:.3f}", flush=True)
        best = state["best_metrics"]
        if best is None or (metrics["exact_match"], -metrics["loss"]) > (best["exact_match"], -best["loss"]):
            state["best_metrics"] = metrics
            save_best(metrics)

    while True:
        state["elapsed"] = elapsed_base + (time.perf_counter() - session_start)
        if plan["total"] is not None and state["step"] >= plan["total"]:
            break
        if budget is not None and state["elapsed"] >= budget:
            status = "time budget reached"
            break
        if stop["signal"] is not None:
            status = "stopped by SIGTERM"
            break
        if state["batch_index"] >= len(batches):
            state["epoch"], state["batch_index"] = state["epoch"] + 1, 0
            batches = epoch_batches(train, args.batch, args.seed, state["epoch"])
        b = collate(train, batches[state["batch_index"]], device, with_tokens)
        state["batch_index"] += 1
        optimizer.zero_grad(set_to_none=True)
        logits = model_logits(model, b, dtype)
        loss = set_loss(logits, b["target_mask"], b["step_mask"])
        scaler.scale(loss).backward()
        if args.clip > 0:
            scaler.unscale_(optimizer)
            torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
        scaler.step(optimizer)
        scaler.update()
        scheduler.step()
        state["step"] += 1
        steps_here += 1
        step_loss = float(loss)
        window_loss += step_loss
        window_steps += 1
        now = time.perf_counter()
        state["elapsed"] = elapsed_base + (now - session_start)
        if steps_here == 5:
            timing_start = (now, state["step"])
        if budget is not None and steps_here == 20 and timing_start is not None:
            per_step = (now - timing_start[0]) / (state["step"] - timing_start[1])
            remaining = (budget - state["elapsed"]) * 0.97 / per_step  # 3 %: evals and checkpoints
            estimate = state["step"] + max(0, int(remaining))
            if plan["total"] is None or estimate < plan["total"]:
                plan["total"] = estimate
                print(f"{per_step:.3f} s/step: planning {plan['total']} steps for {args.max_minutes:g} minutes",
                      flush=True)
        if state["step"] % args.log_every == 0 or state["step"] == plan["total"]:
            sec = (now - window_start) / window_steps
            total = plan["total"]
            eta = fmt_time((total - state["step"]) * sec) if total else "?"
            if budget is not None:
                left = budget - state["elapsed"]
                eta = fmt_time(min(left, (total - state["step"]) * sec) if total else left)
            print(f"step {state['step']}/{total or '?'} loss {window_loss / window_steps:.3f}  {sec:.3f} s/step  "
                  f"ETA {eta}", flush=True)
            record = {"step": state["step"], "loss": window_loss / window_steps, "last_loss": step_loss,
                      "lr": scheduler.get_last_lr()[0], "sec_per_step": sec, "epoch": state["epoch"]}
            log(record)
            state["curve"].append([state["step"], round(window_loss / window_steps, 5)])
            if heldout is None:
                best = state["best_metrics"]
                if best is None or record["loss"] < best["loss"]:
                    state["best_metrics"] = {"loss": record["loss"], "step": state["step"], "source": "train"}
                    save_best(state["best_metrics"])
            window_loss, window_steps, window_start = 0.0, 0, time.perf_counter()
        if heldout is not None and args.eval_every > 0 and state["step"] % args.eval_every == 0:
            run_eval()
        if (args.save_every and state["step"] % args.save_every == 0) or \
                time.perf_counter() - last_save >= args.save_minutes * 60:
            save_checkpoint()
            last_save = time.perf_counter()
        if args.stop_after is not None and steps_here >= args.stop_after:
            status = f"stopped after {steps_here} steps (--stop-after)"
            break

    if status == "finished" or status == "time budget reached":
        if heldout is not None and (state["last_metrics"] is None or state["last_metrics"]["step"] != state["step"]):
            run_eval()
        if heldout is None and state["best_metrics"] is None:
            save_best({"loss": None, "step": state["step"], "source": "train"})
    state["elapsed"] = elapsed_base + (time.perf_counter() - session_start)
    save_checkpoint()
    write_summary(status)
    print(f"{status}: step {state['step']}, {fmt_time(state['elapsed'])} trained; {args.out}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
