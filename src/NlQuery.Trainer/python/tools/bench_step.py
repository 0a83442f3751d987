"""Seconds per training step (wall and process CPU time) (forward + backward + AdamW) of a preset on synthetic batches.

    /usr/bin/python3 tools/bench_step.py --preset small --vocab 8000 --batch 16 --src 256 --tgt 64 --steps 6
"""

import argparse
import json
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from t5 import T5, make_config  # noqa: E402
from train import PRESETS, choose_precision  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--preset", default="small", choices=sorted(PRESETS))
    p.add_argument("--vocab", type=int, default=8000)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--src", type=int, default=256)
    p.add_argument("--tgt", type=int, default=64)
    p.add_argument("--steps", type=int, default=6)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--device", default="cpu")
    p.add_argument("--precision", default="auto", choices=["auto", "fp32", "bf16", "fp16"])
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    device = torch.device(args.device)
    dtype = choose_precision(args.precision, device)
    model = T5(make_config(vocab_size=args.vocab, **PRESETS[args.preset])).to(device).train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    scaler = torch.cuda.amp.GradScaler(enabled=dtype == torch.float16)
    ids = torch.randint(3, args.vocab, (args.batch, args.src), device=device)
    mask = torch.ones_like(ids)
    labels = torch.randint(3, args.vocab, (args.batch, args.tgt), device=device)
    times, cpu_times = [], []
    for i in range(args.warmup + args.steps):
        if device.type == "cuda":
            torch.cuda.synchronize()
        start, cpu_start = time.perf_counter(), time.process_time()
        with torch.autocast(device.type, dtype=dtype, enabled=dtype is not None):
            loss, _ = model(ids, mask, labels)
        optimizer.zero_grad(set_to_none=True)
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
        if device.type == "cuda":
            torch.cuda.synchronize()
        if i >= args.warmup:
            times.append(time.perf_counter() - start)
            cpu_times.append(time.process_time() - cpu_start)
    print(json.dumps({
        "preset": args.preset, "parameters": model.num_parameters(), "vocab": args.vocab, "batch": args.batch,
        "src": args.src, "tgt": args.tgt, "threads": args.threads, "device": str(device),
        "precision": str(dtype or "fp32"), "median_s_per_step": round(statistics.median(times), 4),
        "min_s_per_step": round(min(times), 4),
        # CPU seconds this process used per step: on a machine shared with other jobs, with one thread, this is
        # close to what the step takes on an idle core.
        "median_cpu_s_per_step": round(statistics.median(cpu_times), 4), "max_s_per_step": round(max(times), 4),
        "torch": torch.__version__, "load_average": os.getloadavg()}))


if __name__ == "__main__":
    main()
