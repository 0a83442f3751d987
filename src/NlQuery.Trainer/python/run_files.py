"""What every training script writes and checks the same way: atomic files (a crash leaves the old file or the new
one, never half of one), the training file's hash (a resumed run refuses changed data) and the RNG states a checkpoint
must carry for a resumed run to give the same losses as an uninterrupted one, and the mixed precision a device gets."""
from __future__ import annotations

import hashlib
import os
import random
from typing import Optional

import numpy as np
import torch


def atomic_write_text(path: str, text: str) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def atomic_torch_save(obj, path: str) -> None:
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        torch.save(obj, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def file_sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def rng_state() -> dict:
    state = {"python": random.getstate(), "numpy": np.random.get_state(), "torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state: dict) -> None:
    random.setstate(state["python"])
    if "numpy" in state:  # checkpoints of train.py before it saved numpy's state
        np.random.set_state(state["numpy"])
    torch.set_rng_state(state["torch"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


def choose_precision(requested: str, device: torch.device) -> Optional[torch.dtype]:
    """None = fp32. auto: bf16 on a GPU that has it, else fp16 on a GPU, fp32 on a CPU."""
    if requested == "fp32":
        return None
    if requested == "bf16":
        return torch.bfloat16
    if requested == "fp16":
        if device.type != "cuda":
            raise ValueError("fp16 needs CUDA; use --precision fp32 or bf16 on a CPU")
        return torch.float16
    if device.type != "cuda":
        return None
    return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
