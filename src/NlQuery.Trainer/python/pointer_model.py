"""The pointer-minilm text-to-SQL model (PyTorch side; contract: docs/pointer-model.md).

    features [B,n,384] (pooled MiniLM states), kinds [B,n], relations [B,n,n]
      -> input projection (Linear 384->d + kind embedding, LayerNorm, dropout)
      -> enc_layers relation-aware transformer layers (RAT-SQL / Shaw et al. relative attention)
      -> memory m [B,n,d], pointer_keys = Linear(m), action_memory = Linear(m)
    actions (teacher forced or fed back) -> embedding (a < V: vocabulary table; a = V+p: action_memory[p])
      -> LSTM (dec_layers, hidden d) -> Luong multi-head attention over m -> o = tanh(Linear([h; ctx]))
      -> logits = [Linear(o) (V) ; Linear(o)·pointer_keys^T / sqrt(d) (n)]   [B, T, V+n]

Loss per step: -log sum_{a in target set} softmax(logits)[a], mean over real steps (`set_loss`).
"""

from __future__ import annotations

import math
from typing import Dict, Optional, Tuple

import torch
from torch import nn
import torch.nn.functional as F

NEG = -1e4  # logit/score of a padded position (fits fp16)


def make_config(vocab_size: int, num_kinds: int, num_relations: int, feature_dim: int = 384, d: int = 256,
                heads: int = 8, enc_layers: int = 2, dec_layers: int = 2, dropout: float = 0.2,
                feature_dropout: float = 0.2, pre_ln: bool = False, dec_heads: Optional[int] = None,
                finetune_encoder: bool = False) -> Dict[str, object]:
    if d % heads:
        raise ValueError(f"d={d} is not a multiple of heads={heads}")
    dec_heads = dec_heads or heads
    if d % dec_heads:
        raise ValueError(f"d={d} is not a multiple of dec_heads={dec_heads}")
    return dict(vocab_size=vocab_size, num_kinds=num_kinds, num_relations=num_relations, feature_dim=feature_dim,
                d=d, heads=heads, enc_layers=enc_layers, dec_layers=dec_layers, dropout=dropout,
                feature_dropout=feature_dropout, pre_ln=pre_ln, dec_heads=dec_heads,
                finetune_encoder=finetune_encoder)


class RelationAwareLayer(nn.Module):
    """Self-attention with relation embeddings added to keys and values (shared across heads), then an FFN (4d).

    score_ij = q_i·(k_j + rK[rel_ij]) / sqrt(dh);  out_i = sum_j a_ij (v_j + rV[rel_ij]).
    Written with plain MatMuls (no Einsum) so the ONNX graph is simple."""

    def __init__(self, d: int, heads: int, num_relations: int, dropout: float, pre_ln: bool):
        super().__init__()
        self.d, self.heads, self.dh, self.pre_ln = d, heads, d // heads, pre_ln
        self.q, self.k, self.v, self.o = (nn.Linear(d, d) for _ in range(4))
        self.rel_k = nn.Embedding(num_relations, self.dh)
        self.rel_v = nn.Embedding(num_relations, self.dh)
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.ff1, self.ff2 = nn.Linear(d, 4 * d), nn.Linear(4 * d, d)
        self.drop = nn.Dropout(dropout)

    def attention(self, x, relations, mask):
        B, n, _ = x.shape
        H, dh = self.heads, self.dh
        q = self.q(x).view(B, n, H, dh)                                  # [B,n,H,dh]
        k = self.k(x).view(B, n, H, dh).transpose(1, 2)                  # [B,H,n,dh]
        v = self.v(x).view(B, n, H, dh).transpose(1, 2)
        rk = self.rel_k(relations)                                       # [B,n,n,dh]
        rv = self.rel_v(relations)
        scores = torch.matmul(q.transpose(1, 2), k.transpose(2, 3))      # [B,H,n,n]
        scores = scores + torch.matmul(q, rk.transpose(2, 3)).transpose(1, 2)  # [B,n,H,n] -> [B,H,n,n]
        scores = scores / math.sqrt(dh)
        if mask is not None:
            scores = scores.masked_fill(~mask[:, None, None, :], NEG)
        a = self.drop(torch.softmax(scores, dim=-1))
        out = torch.matmul(a, v)                                         # [B,H,n,dh]
        out = out + torch.matmul(a.transpose(1, 2), rv).transpose(1, 2)  # [B,n,H,n]@[B,n,n,dh] -> [B,H,n,dh]
        return self.o(out.transpose(1, 2).reshape(B, n, self.d))

    def forward(self, x, relations, mask=None):
        if self.pre_ln:
            x = x + self.drop(self.attention(self.ln1(x), relations, mask))
            return x + self.drop(self.ff2(self.drop(F.gelu(self.ff1(self.ln2(x))))))
        x = self.ln1(x + self.drop(self.attention(x, relations, mask)))
        return self.ln2(x + self.drop(self.ff2(self.drop(F.gelu(self.ff1(x))))))


class PointerModel(nn.Module):
    def __init__(self, config: Dict[str, object]):
        super().__init__()
        self.config = dict(config)
        c = self.config
        d, V = int(c["d"]), int(c["vocab_size"])
        self.d, self.V = d, V
        self.in_proj = nn.Linear(int(c["feature_dim"]), d)
        self.kind_emb = nn.Embedding(int(c["num_kinds"]), d)
        self.in_ln = nn.LayerNorm(d)
        self.feature_drop = nn.Dropout(float(c["feature_dropout"]))
        self.drop = nn.Dropout(float(c["dropout"]))
        self.layers = nn.ModuleList(
            RelationAwareLayer(d, int(c["heads"]), int(c["num_relations"]), float(c["dropout"]), bool(c["pre_ln"]))
            for _ in range(int(c["enc_layers"])))
        self.final_ln = nn.LayerNorm(d) if c["pre_ln"] else None
        self.pointer_key = nn.Linear(d, d)
        self.action_mem = nn.Linear(d, d)
        # decoder
        self.action_emb = nn.Embedding(V, d)
        L = int(c["dec_layers"])
        self.lstm = nn.LSTM(d, d, num_layers=L, batch_first=True, dropout=float(c["dropout"]) if L > 1 else 0.0)
        self.dec_heads = int(c["dec_heads"])
        self.att_q, self.att_k, self.att_v = nn.Linear(d, d), nn.Linear(d, d), nn.Linear(d, d)
        self.combine = nn.Linear(2 * d, d)
        self.vocab_out = nn.Linear(d, V)
        self.pointer_query = nn.Linear(d, d)
        # optional fine-tuned MiniLM (GPU training); created by the trainer, exported as encoder.onnx
        self.encoder: Optional[nn.Module] = None

    def num_parameters(self, trainable_only: bool = False) -> int:
        return sum(p.numel() for p in self.parameters() if p.requires_grad or not trainable_only)

    # -- linker ----------------------------------------------------------------------------------------------
    def link(self, features, kinds, relations, mask=None) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """features [B,n,F] float, kinds [B,n], relations [B,n,n] int64, mask [B,n] bool (True = real) or None.
        Returns memory, pointer_keys, action_memory, each [B,n,d]."""
        x = self.in_proj(self.feature_drop(features)) + self.kind_emb(kinds)
        x = self.drop(self.in_ln(x))
        for layer in self.layers:
            x = layer(x, relations, mask)
        if self.final_ln is not None:
            x = self.final_ln(x)
        return x, self.pointer_key(x), self.action_mem(x)

    # -- decoder ---------------------------------------------------------------------------------------------
    def embed_actions(self, actions, action_memory, shared: bool = False):
        """actions [B,T] int64 (vocabulary id or V + position); action_memory [B,n,d], or [1,n,d] with shared=True
        (all B rows are beams over one example)."""
        if shared:
            table = torch.cat([self.action_emb.weight, action_memory[0]], dim=0)        # [V+n, d]
            return table[actions]                                                       # Gather
        B = actions.shape[0]
        table = torch.cat([self.action_emb.weight.unsqueeze(0).expand(B, -1, -1), action_memory], dim=1)
        index = actions.unsqueeze(-1).expand(-1, -1, self.d)
        return torch.gather(table, 1, index)                                            # [B,T,d]

    def memory_heads(self, memory):
        """Attention keys and values of memory [Bm,n,d] -> ([Bm,H,n,dh], [Bm,H,n,dh]); constant over decoding."""
        H, n = self.dec_heads, memory.shape[1]
        dh = self.d // H
        k = self.att_k(memory).view(memory.shape[0], n, H, dh).transpose(1, 2)
        v = self.att_v(memory).view(memory.shape[0], n, H, dh).transpose(1, 2)
        return k, v

    def attend(self, h, memory, mask=None, kv=None):
        """Multi-head scaled dot-product attention of decoder states h [B,T,d] over memory [B or 1,n,d]
        (kv: memory_heads(memory), when already computed)."""
        B, T = h.shape[0], h.shape[1]
        d, H = self.d, self.dec_heads
        dh = d // H
        k, v = kv if kv is not None else self.memory_heads(memory)
        q = self.att_q(h).view(B, T, H, dh).transpose(1, 2)                               # [B,H,T,dh]
        scores = torch.matmul(q, k.transpose(2, 3)) / math.sqrt(dh)                       # [B,H,T,n]
        if mask is not None:
            scores = scores.masked_fill(~mask[:, None, None, :], NEG)
        ctx = torch.matmul(torch.softmax(scores, dim=-1), v)                              # [B,H,T,dh]
        return ctx.transpose(1, 2).reshape(B, T, d)

    def decode(self, actions, state, memory, pointer_keys, action_memory, mask=None, shared: bool = False, kv=None):
        """actions [B,T]; state None (zeros) or (h, c) each [L,B,d]; kv: memory_heads(memory) (optional cache).
        Returns logits [B,T,V+n] and (h, c)."""
        x = self.drop(self.embed_actions(actions, action_memory, shared))
        out, state = self.lstm(x, state)
        ctx = self.attend(out, memory, mask, kv)
        o = self.drop(torch.tanh(self.combine(torch.cat([out, ctx], dim=-1))))
        vocab_logits = self.vocab_out(o)                                                  # [B,T,V]
        pointer_logits = torch.matmul(self.pointer_query(o), pointer_keys.transpose(1, 2)) / math.sqrt(self.d)
        if mask is not None:
            pointer_logits = pointer_logits.masked_fill(~mask[:, None, :], NEG)
        return torch.cat([vocab_logits, pointer_logits], dim=-1), state

    def forward(self, features, kinds, relations, mask, target_input):
        memory, keys, amem = self.link(features, kinds, relations, mask)
        logits, _ = self.decode(target_input, None, memory, keys, amem, mask)
        return logits

    @torch.no_grad()
    def greedy(self, features, kinds, relations, mask, max_steps: int, start: int = 1, end: int = 2):
        """Unconstrained greedy decoding (argmax each step). Returns [B, steps] action ids; a row's ids after its
        first `end` are meaningless."""
        memory, keys, amem = self.link(features, kinds, relations, mask)
        B = features.shape[0]
        actions = torch.full((B, 1), start, dtype=torch.long, device=features.device)
        kv = self.memory_heads(memory)
        state, out = None, []
        done = torch.zeros(B, dtype=torch.bool, device=features.device)
        for _ in range(max_steps):
            logits, state = self.decode(actions, state, memory, keys, amem, mask, kv=kv)
            a = logits[:, -1].argmax(-1)
            out.append(a)
            done = done | (a == end)
            if bool(done.all()):
                break
            actions = a.unsqueeze(1)
        return torch.stack(out, dim=1)


def set_loss(logits, target_mask, step_mask) -> torch.Tensor:
    """logits [B,T,A]; target_mask [B,T,A] bool (the acceptable actions of each step); step_mask [B,T] bool.
    Mean over real steps of logsumexp(all) - logsumexp(target set)."""
    logits = logits.float()
    total = torch.logsumexp(logits, dim=-1)
    good = torch.logsumexp(logits.masked_fill(~target_mask, -1e9), dim=-1)
    per_step = torch.where(step_mask, total - good, torch.zeros_like(total))
    return per_step.sum() / step_mask.sum().clamp(min=1)
