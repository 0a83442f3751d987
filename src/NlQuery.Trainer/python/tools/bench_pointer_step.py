"""Seconds per training step (forward + backward + clip + AdamW) of the pointer model on synthetic batches.

    /usr/bin/python3 tools/bench_pointer_step.py --d 256 --batch 32 --positions 60 --actions 40 --vocab 120 --steps 20
"""

import argparse
import json
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from pointer_model import PointerModel, make_config, set_loss  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--d", type=int, default=256)
    p.add_argument("--heads", type=int, default=8)
    p.add_argument("--enc-layers", type=int, default=2)
    p.add_argument("--dec-layers", type=int, default=2)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--positions", type=int, default=60)
    p.add_argument("--actions", type=int, default=40)
    p.add_argument("--vocab", type=int, default=120)
    p.add_argument("--relations", type=int, default=40)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--warmup", type=int, default=3, help="steps left out of the statistics")
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = PointerModel(make_config(a.vocab, 23, a.relations, d=a.d, heads=a.heads, enc_layers=a.enc_layers,
                                     dec_layers=a.dec_layers)).train()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    B, n, T, V = a.batch, a.positions, a.actions, a.vocab
    features = torch.randn(B, n, 384)
    kinds = torch.randint(0, 23, (B, n))
    relations = torch.randint(0, a.relations, (B, n, n))
    mask = torch.ones(B, n, dtype=torch.bool)
    mask[B // 2:, n - n // 5:] = False  # some padding
    target_input = torch.randint(0, V + n - n // 5, (B, T))
    target_mask = torch.zeros(B, T, V + n, dtype=torch.bool)
    target_mask.scatter_(2, torch.randint(0, V + n - n // 5, (B, T, 1)), True)
    step_mask = torch.ones(B, T, dtype=torch.bool)
    wall, cpu = [], []
    for s in range(a.steps):
        t0, c0 = time.perf_counter(), time.process_time()
        opt.zero_grad(set_to_none=True)
        loss = set_loss(model(features, kinds, relations, mask, target_input), target_mask, step_mask)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if s >= a.warmup:
            wall.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
    print(json.dumps({"parameters": model.num_parameters(), "threads": a.threads, "batch": B, "positions": n,
                      "actions": T, "vocab": V, "d": a.d, "enc_layers": a.enc_layers, "dec_layers": a.dec_layers,
                      "sec_per_step_mean": round(statistics.mean(wall), 3),
                      "sec_per_step_median": round(statistics.median(wall), 3),
                      "cpu_sec_per_step": round(statistics.mean(cpu), 3), "measured_steps": len(wall)}))


if __name__ == "__main__":
    main()
