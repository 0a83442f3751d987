"""A compact T5 encoder-decoder whose parameter names and config keys are Hugging Face's.

Written from the T5 paper (Raffel et al. 2020) and the documented behaviour of Hugging Face's
`T5ForConditionalGeneration`, so that a `pytorch_model.bin` + `config.json` from a Hugging Face T5 checkpoint
(t5-small, t5-v1_1-*, PICARD's t5-*) loads with `T5.from_pretrained(dir)` and our own weights save the same way.

Facts this module relies on:
- pre-norm residual blocks with RMS layer norm (no mean subtraction, no bias), epsilon `layer_norm_epsilon`;
- attention without the 1/sqrt(d_kv) scale (T5 folds it into the initialisation of q);
- one learned relative-position bias per stack, owned by block 0 and shared by every layer of that stack;
  the encoder's buckets are bidirectional, the decoder's causal; cross-attention has no position bias;
- FFN `relu` (wi, wo) or gated `gated-gelu` (wi_0, wi_1, wo; tanh-approximated GELU), as in T5 v1.1;
- with tied word embeddings the decoder output is scaled by d_model**-0.5 before the shared-embedding lm_head;
- the decoder starts from `decoder_start_token_id` (the pad id, 0) and labels are shifted right.
"""

from __future__ import annotations

import json
import math
import os
from typing import Dict, List, Optional, Tuple

import torch
from torch import nn
import torch.nn.functional as F

from run_files import atomic_torch_save, atomic_write_text

# Keys and defaults of Hugging Face's T5Config that this model uses.
DEFAULT_CONFIG: Dict[str, object] = {
    "model_type": "t5",
    "architectures": ["T5ForConditionalGeneration"],
    "vocab_size": 32128,
    "d_model": 512,
    "d_kv": 64,
    "d_ff": 2048,
    "num_layers": 6,
    "num_decoder_layers": None,  # None: same as num_layers
    "num_heads": 8,
    "relative_attention_num_buckets": 32,
    "relative_attention_max_distance": 128,
    "dropout_rate": 0.1,
    "layer_norm_epsilon": 1e-6,
    "initializer_factor": 1.0,
    "feed_forward_proj": "relu",
    "tie_word_embeddings": True,
    "is_encoder_decoder": True,
    "pad_token_id": 0,
    "eos_token_id": 1,
    "decoder_start_token_id": 0,
}

# A past key/value cache: for every decoder layer (self_key, self_value, cross_key, cross_value),
# each of shape (batch, num_heads, length, d_kv).
LayerCache = Tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]


def make_config(**overrides) -> Dict[str, object]:
    """A full config dict: defaults overridden by the given keys; unknown keys are an error."""
    unknown = sorted(set(overrides) - set(DEFAULT_CONFIG))
    if unknown:
        raise ValueError(f"unknown T5 config keys: {unknown}")
    config = dict(DEFAULT_CONFIG)
    config.update(overrides)
    return normalise_config(config)


def normalise_config(config: Dict[str, object]) -> Dict[str, object]:
    """Fills defaults and derived values; keeps unknown keys (a Hugging Face config.json carries many)."""
    full = dict(DEFAULT_CONFIG)
    full.update(config)
    if full.get("num_decoder_layers") is None:
        full["num_decoder_layers"] = full["num_layers"]
    proj = str(full["feed_forward_proj"])
    if proj not in ("relu", "gelu", "gated-gelu", "gated-relu", "gated-silu"):
        raise ValueError(f"unsupported feed_forward_proj '{proj}' (relu, gelu, gated-gelu, gated-relu, gated-silu)")
    return full


def _activation(name: str):
    # Hugging Face maps "gelu" in feed_forward_proj "gated-gelu" to its "gelu_new", the tanh approximation.
    if name == "gelu":
        return lambda x: F.gelu(x, approximate="tanh")
    if name == "relu":
        return F.relu
    if name == "silu":
        return F.silu
    raise ValueError(name)


class T5LayerNorm(nn.Module):
    """RMS norm: scale only, no bias, no mean subtraction; computed in float32."""

    def __init__(self, d_model: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(d_model))
        self.variance_epsilon = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        variance = x.to(torch.float32).pow(2).mean(-1, keepdim=True)
        x = x * torch.rsqrt(variance + self.variance_epsilon)
        if self.weight.dtype in (torch.float16, torch.bfloat16):
            x = x.to(self.weight.dtype)
        return self.weight * x


class T5DenseReluDense(nn.Module):
    def __init__(self, config):
        super().__init__()
        d_model, d_ff = config["d_model"], config["d_ff"]
        proj = config["feed_forward_proj"]
        self.gated = proj.startswith("gated-")
        self.act = _activation(proj.split("-")[-1])
        if self.gated:
            self.wi_0 = nn.Linear(d_model, d_ff, bias=False)
            self.wi_1 = nn.Linear(d_model, d_ff, bias=False)
        else:
            self.wi = nn.Linear(d_model, d_ff, bias=False)
        self.wo = nn.Linear(d_ff, d_model, bias=False)
        self.dropout = nn.Dropout(config["dropout_rate"])

    def forward(self, x):
        if self.gated:
            h = self.act(self.wi_0(x)) * self.wi_1(x)
        else:
            h = self.act(self.wi(x))
        return self.wo(self.dropout(h))


class T5LayerFF(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.DenseReluDense = T5DenseReluDense(config)
        self.layer_norm = T5LayerNorm(config["d_model"], config["layer_norm_epsilon"])
        self.dropout = nn.Dropout(config["dropout_rate"])

    def forward(self, x):
        return x + self.dropout(self.DenseReluDense(self.layer_norm(x)))


def relative_bucket_thresholds(bidirectional: bool, num_buckets: int, max_distance: int) -> List[int]:
    """For the logarithmic range of T5's relative-position buckets: the smallest distance that lands in each bucket
    above the exact range. Evaluating T5's float32 log formula once here and comparing integers at run time gives
    identical buckets in PyTorch and in any ONNX runtime (no log rounding differences between math libraries)."""
    if bidirectional:
        num_buckets //= 2
    max_exact = num_buckets // 2
    span = num_buckets - max_exact
    distances = torch.arange(max_exact, max_distance + 1, dtype=torch.float32)
    log_part = (torch.log(distances / max_exact) / math.log(max_distance / max_exact) * span).to(torch.long)
    thresholds = []
    for j in range(1, span):  # bucket max_exact + j
        reached = (log_part >= j).nonzero()
        thresholds.append(int(distances[reached[0, 0]]) if len(reached) else max_distance + 1)
    return thresholds


class T5Attention(nn.Module):
    def __init__(self, config, has_relative_attention_bias: bool, is_decoder: bool):
        super().__init__()
        self.is_decoder = is_decoder
        self.d_model = config["d_model"]
        self.d_kv = config["d_kv"]
        self.n_heads = config["num_heads"]
        self.num_buckets = config["relative_attention_num_buckets"]
        self.max_distance = config["relative_attention_max_distance"]
        inner = self.n_heads * self.d_kv
        self.q = nn.Linear(self.d_model, inner, bias=False)
        self.k = nn.Linear(self.d_model, inner, bias=False)
        self.v = nn.Linear(self.d_model, inner, bias=False)
        self.o = nn.Linear(inner, self.d_model, bias=False)
        self.dropout = nn.Dropout(config["dropout_rate"])
        self.has_relative_attention_bias = has_relative_attention_bias
        if has_relative_attention_bias:
            self.relative_attention_bias = nn.Embedding(self.num_buckets, self.n_heads)
            bidirectional = not is_decoder
            thresholds = relative_bucket_thresholds(bidirectional, self.num_buckets, self.max_distance)
            self.register_buffer("bucket_thresholds", torch.tensor(thresholds, dtype=torch.long), persistent=False)

    def _bucket(self, relative_position: torch.Tensor) -> torch.Tensor:
        num_buckets = self.num_buckets
        buckets = torch.zeros_like(relative_position)
        if not self.is_decoder:  # bidirectional: half the buckets for keys after the query
            num_buckets //= 2
            buckets = buckets + (relative_position > 0).to(torch.long) * num_buckets
            distance = relative_position.abs()
        else:  # causal: only keys at or before the query
            distance = (-relative_position).clamp(min=0)
        max_exact = num_buckets // 2
        large = max_exact + (distance.unsqueeze(-1) >= self.bucket_thresholds).to(torch.long).sum(-1)
        return buckets + torch.where(distance < max_exact, distance, large)

    def position_bias(self, query_positions: torch.Tensor, key_length: int) -> torch.Tensor:
        """(1, heads, queries, keys) bias from the learned bucket table."""
        key_positions = torch.arange(key_length, dtype=torch.long, device=query_positions.device)
        relative = key_positions[None, :] - query_positions[:, None]
        values = self.relative_attention_bias(self._bucket(relative))  # (q, k, heads)
        return values.permute(2, 0, 1).unsqueeze(0)

    def _shape(self, x: torch.Tensor) -> torch.Tensor:
        b, n, _ = x.shape
        return x.view(b, n, self.n_heads, self.d_kv).transpose(1, 2)

    def forward(
        self,
        hidden: torch.Tensor,
        bias: torch.Tensor,
        key_value_states: Optional[torch.Tensor] = None,
        past_key: Optional[torch.Tensor] = None,
        past_value: Optional[torch.Tensor] = None,
        reuse_past: bool = False,
    ):
        """bias: position bias plus additive mask, broadcastable to (batch, heads, queries, keys).
        Self-attention appends new keys/values to past_*; cross-attention computes them from key_value_states,
        or with reuse_past takes past_* unchanged. Returns (output, key, value)."""
        b, n, _ = hidden.shape
        q = self._shape(self.q(hidden))
        if reuse_past:
            k, v = past_key, past_value
        else:
            source = hidden if key_value_states is None else key_value_states
            k = self._shape(self.k(source))
            v = self._shape(self.v(source))
            if past_key is not None:
                k = torch.cat([past_key, k], dim=2)
                v = torch.cat([past_value, v], dim=2)
        scores = torch.matmul(q, k.transpose(2, 3)) + bias
        weights = F.softmax(scores.float(), dim=-1).type_as(scores)
        weights = self.dropout(weights)
        out = torch.matmul(weights, v).transpose(1, 2).reshape(b, n, self.n_heads * self.d_kv)
        return self.o(out), k, v


class T5LayerSelfAttention(nn.Module):
    def __init__(self, config, has_relative_attention_bias, is_decoder):
        super().__init__()
        self.SelfAttention = T5Attention(config, has_relative_attention_bias, is_decoder)
        self.layer_norm = T5LayerNorm(config["d_model"], config["layer_norm_epsilon"])
        self.dropout = nn.Dropout(config["dropout_rate"])

    def forward(self, x, bias, past_key=None, past_value=None):
        y, k, v = self.SelfAttention(self.layer_norm(x), bias, past_key=past_key, past_value=past_value)
        return x + self.dropout(y), k, v


class T5LayerCrossAttention(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.EncDecAttention = T5Attention(config, False, True)
        self.layer_norm = T5LayerNorm(config["d_model"], config["layer_norm_epsilon"])
        self.dropout = nn.Dropout(config["dropout_rate"])

    def forward(self, x, bias, encoder_hidden, past_key=None, past_value=None):
        reuse = past_key is not None
        y, k, v = self.EncDecAttention(
            self.layer_norm(x), bias, key_value_states=encoder_hidden, past_key=past_key, past_value=past_value,
            reuse_past=reuse)
        return x + self.dropout(y), k, v


class T5Block(nn.Module):
    def __init__(self, config, has_relative_attention_bias, is_decoder):
        super().__init__()
        self.is_decoder = is_decoder
        layers = [T5LayerSelfAttention(config, has_relative_attention_bias, is_decoder)]
        if is_decoder:
            layers.append(T5LayerCrossAttention(config))
        layers.append(T5LayerFF(config))
        self.layer = nn.ModuleList(layers)


class T5Stack(nn.Module):
    def __init__(self, config, shared: nn.Embedding, is_decoder: bool):
        super().__init__()
        self.is_decoder = is_decoder
        self.embed_tokens = shared
        count = config["num_decoder_layers"] if is_decoder else config["num_layers"]
        self.block = nn.ModuleList([T5Block(config, i == 0, is_decoder) for i in range(count)])
        self.final_layer_norm = T5LayerNorm(config["d_model"], config["layer_norm_epsilon"])
        self.dropout = nn.Dropout(config["dropout_rate"])

    def _bias_module(self) -> T5Attention:
        return self.block[0].layer[0].SelfAttention

    def encode(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        x = self.dropout(self.embed_tokens(input_ids))
        n = input_ids.shape[1]
        positions = torch.arange(n, dtype=torch.long, device=input_ids.device)
        bias = self._bias_module().position_bias(positions, n) + _additive_mask(attention_mask, x.dtype)
        for block in self.block:
            x, _, _ = block.layer[0](x, bias)
            x = block.layer[1](x)
        return self.dropout(self.final_layer_norm(x))

    def decode(
        self,
        input_ids: torch.Tensor,
        encoder_hidden: Optional[torch.Tensor],
        encoder_attention_mask: torch.Tensor,
        past: Optional[List[LayerCache]] = None,
        decoder_attention_mask: Optional[torch.Tensor] = None,
    ) -> Tuple[torch.Tensor, List[LayerCache]]:
        """Runs the decoder over input_ids, after the cached positions in `past` if given.
        decoder_attention_mask (batch, past+new) masks padded decoder positions (training pads targets at the end,
        where causality already hides them; it is accepted for completeness)."""
        x = self.dropout(self.embed_tokens(input_ids))
        n = input_ids.shape[1]
        past_length = 0 if past is None else past[0][0].shape[2]
        total = past_length + n
        positions = torch.arange(past_length, total, dtype=torch.long, device=input_ids.device)
        causal = positions[:, None] >= torch.arange(total, device=input_ids.device)[None, :]
        self_mask = torch.where(causal, 0.0, torch.finfo(x.dtype).min).to(x.dtype)[None, None]
        self_bias = self._bias_module().position_bias(positions, total) + self_mask
        if decoder_attention_mask is not None:
            self_bias = self_bias + _additive_mask(decoder_attention_mask, x.dtype)
        cross_bias = _additive_mask(encoder_attention_mask, x.dtype)
        presents: List[LayerCache] = []
        for i, block in enumerate(self.block):
            layer_past = None if past is None else past[i]
            x, sk, sv = block.layer[0](
                x, self_bias, past_key=None if layer_past is None else layer_past[0],
                past_value=None if layer_past is None else layer_past[1])
            x, ck, cv = block.layer[1](
                x, cross_bias, encoder_hidden, past_key=None if layer_past is None else layer_past[2],
                past_value=None if layer_past is None else layer_past[3])
            x = block.layer[2](x)
            presents.append((sk, sv, ck, cv))
        return self.dropout(self.final_layer_norm(x)), presents


def _additive_mask(mask: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    """(batch, keys) of 1/0 → (batch, 1, 1, keys) of 0/min, added to attention scores."""
    return (1.0 - mask[:, None, None, :].to(dtype)) * torch.finfo(dtype).min


class T5(nn.Module):
    """T5ForConditionalGeneration-compatible model: same parameter names, same numbers."""

    def __init__(self, config: Dict[str, object]):
        super().__init__()
        self.config = normalise_config(config)
        c = self.config
        self.shared = nn.Embedding(c["vocab_size"], c["d_model"])
        self.encoder = T5Stack(c, self.shared, is_decoder=False)
        self.decoder = T5Stack(c, self.shared, is_decoder=True)
        self.lm_head = nn.Linear(c["d_model"], c["vocab_size"], bias=False)
        if c["tie_word_embeddings"]:
            self.lm_head.weight = self.shared.weight
        self.init_weights()

    # ---- initialisation (Hugging Face's T5 scheme; only the untied lm_head differs, see below) ----
    def init_weights(self):
        c = self.config
        factor = float(c["initializer_factor"])
        d_model, d_kv, heads, d_ff = c["d_model"], c["d_kv"], c["num_heads"], c["d_ff"]
        for module in self.modules():
            if isinstance(module, T5LayerNorm):
                module.weight.data.fill_(factor)
            elif isinstance(module, T5Attention):
                module.q.weight.data.normal_(0.0, factor * (d_model * d_kv) ** -0.5)
                module.k.weight.data.normal_(0.0, factor * d_model ** -0.5)
                module.v.weight.data.normal_(0.0, factor * d_model ** -0.5)
                module.o.weight.data.normal_(0.0, factor * (heads * d_kv) ** -0.5)
                if module.has_relative_attention_bias:
                    module.relative_attention_bias.weight.data.normal_(0.0, factor * d_model ** -0.5)
            elif isinstance(module, T5DenseReluDense):
                for name in ("wi", "wi_0", "wi_1"):
                    if hasattr(module, name):
                        getattr(module, name).weight.data.normal_(0.0, factor * d_model ** -0.5)
                module.wo.weight.data.normal_(0.0, factor * d_ff ** -0.5)
        self.shared.weight.data.normal_(0.0, factor * 1.0)
        if not c["tie_word_embeddings"]:
            # Fan-in scaling (as Mesh TensorFlow's dense layers): a std-1 head would start with logits of
            # magnitude sqrt(d_model) and a loss far above log(vocab). Only training from scratch sees this.
            self.lm_head.weight.data.normal_(0.0, factor * d_model ** -0.5)

    # ---- forward passes ----
    def encode(self, input_ids, attention_mask=None):
        if attention_mask is None:
            attention_mask = torch.ones_like(input_ids)
        return self.encoder.encode(input_ids, attention_mask)

    def logits(self, decoder_output: torch.Tensor) -> torch.Tensor:
        if self.config["tie_word_embeddings"]:
            decoder_output = decoder_output * (self.config["d_model"] ** -0.5)
        return self.lm_head(decoder_output)

    def decode(self, input_ids, encoder_hidden, encoder_attention_mask, past=None, decoder_attention_mask=None):
        """Returns (logits, presents)."""
        out, presents = self.decoder.decode(input_ids, encoder_hidden, encoder_attention_mask, past,
                                            decoder_attention_mask)
        return self.logits(out), presents

    def shift_right(self, labels: torch.Tensor) -> torch.Tensor:
        start = torch.full_like(labels[:, :1], int(self.config["decoder_start_token_id"]))
        shifted = torch.cat([start, labels[:, :-1]], dim=1)
        return shifted.masked_fill(shifted == -100, int(self.config["pad_token_id"]))

    def forward(self, input_ids, attention_mask, labels):
        """Teacher forcing. labels: (batch, tgt) with -100 at ignored positions. Returns (loss, logits)."""
        encoder_hidden = self.encode(input_ids, attention_mask)
        logits, _ = self.decode(self.shift_right(labels), encoder_hidden, attention_mask)
        loss = F.cross_entropy(logits.float().view(-1, logits.shape[-1]), labels.view(-1), ignore_index=-100)
        return loss, logits

    @torch.no_grad()
    def greedy(self, input_ids, attention_mask=None, max_length=64) -> List[List[int]]:
        """Greedy decoding with the KV cache; each sequence stops at EOS (EOS included in the result)."""
        if attention_mask is None:
            attention_mask = torch.ones_like(input_ids)
        enc = self.encode(input_ids, attention_mask)
        batch = input_ids.shape[0]
        eos = int(self.config["eos_token_id"])
        current = torch.full((batch, 1), int(self.config["decoder_start_token_id"]), dtype=torch.long,
                             device=input_ids.device)
        past = None
        results: List[List[int]] = [[] for _ in range(batch)]
        done = [False] * batch
        for _ in range(max_length):
            logits, past = self.decode(current, enc, attention_mask, past)
            nxt = logits[:, -1].argmax(-1)
            for i in range(batch):
                if not done[i]:
                    results[i].append(int(nxt[i]))
                    done[i] = int(nxt[i]) == eos
            if all(done):
                break
            current = nxt[:, None]
        return results

    # ---- Hugging Face checkpoint format ----
    def num_parameters(self) -> int:
        return sum(p.numel() for p in self.parameters())

    def hf_state_dict(self) -> Dict[str, torch.Tensor]:
        """The state dict under Hugging Face's names (embed_tokens aliases included, as HF writes them)."""
        state = self.state_dict()
        return {k: v for k, v in state.items()}

    def load_hf_state_dict(self, state: Dict[str, torch.Tensor], strict: bool = True) -> None:
        """Loads a Hugging Face T5ForConditionalGeneration state dict. The embed_tokens aliases and a tied
        lm_head may be absent (HF drops tied copies); anything else missing or unexpected is an error."""
        state = dict(state)
        if "shared.weight" not in state:
            for alias in ("encoder.embed_tokens.weight", "decoder.embed_tokens.weight"):
                if alias in state:
                    state["shared.weight"] = state[alias]
                    break
        for alias in ("encoder.embed_tokens.weight", "decoder.embed_tokens.weight"):
            state.setdefault(alias, state.get("shared.weight"))
        if self.config["tie_word_embeddings"]:
            state.setdefault("lm_head.weight", state.get("shared.weight"))
        # Older T5 checkpoints (t5-small/base/large and models fine-tuned from them, PICARD's included) carry an
        # unused cross-attention position bias; Hugging Face ignores it too.
        for unused in [k for k in state if k.endswith("layer.1.EncDecAttention.relative_attention_bias.weight")]:
            del state[unused]
        own = set(self.state_dict().keys())
        unexpected = sorted(k for k in state if k not in own)
        missing = sorted(k for k in own if k not in state or state[k] is None)
        if strict and (unexpected or missing):
            raise ValueError(f"checkpoint does not match the T5 config: missing {missing[:8]}, "
                             f"unexpected {unexpected[:8]}")
        self.load_state_dict({k: v for k, v in state.items() if k in own and v is not None}, strict=strict)

    def save_pretrained(self, directory: str) -> None:
        """Writes config.json and pytorch_model.bin the way Hugging Face does (atomically per file)."""
        os.makedirs(directory, exist_ok=True)
        atomic_write_text(os.path.join(directory, "config.json"), json.dumps(self.config, indent=2) + "\n")
        atomic_torch_save(self.hf_state_dict(), os.path.join(directory, "pytorch_model.bin"))

    @classmethod
    def from_pretrained(cls, directory: str, map_location="cpu") -> "T5":
        with open(os.path.join(directory, "config.json"), encoding="utf-8") as f:
            config = json.load(f)
        if config.get("model_type", "t5") != "t5":
            raise ValueError(f"{directory}/config.json: model_type is '{config.get('model_type')}', not 't5'")
        model = cls(config)
        weights = os.path.join(directory, "pytorch_model.bin")
        safetensors = os.path.join(directory, "model.safetensors")
        if os.path.exists(weights):
            state = torch.load(weights, map_location=map_location)
        elif os.path.exists(safetensors):
            state = load_safetensors(safetensors)
        else:
            raise FileNotFoundError(f"{directory}: neither pytorch_model.bin nor model.safetensors found")
        model.load_hf_state_dict({k: v.float() for k, v in state.items()})
        return model


_SAFETENSORS_DTYPES = {
    "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "F64": torch.float64,
    "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8,
    "BOOL": torch.bool,
}


def load_safetensors(path: str) -> Dict[str, torch.Tensor]:
    """Reads a .safetensors file (8-byte little-endian header size, JSON header of dtype/shape/data_offsets,
    then the raw little-endian tensor bytes) without the safetensors package, which is not installable here."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f"{path}: too short to be a safetensors file")
    header_size = int.from_bytes(data[:8], "little")
    if header_size <= 0 or 8 + header_size > len(data):
        raise ValueError(f"{path}: invalid safetensors header size {header_size}")
    header = json.loads(data[8:8 + header_size].decode("utf-8"))
    body = memoryview(data)[8 + header_size:]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = _SAFETENSORS_DTYPES.get(info["dtype"])
        if dtype is None:
            raise ValueError(f"{path}: tensor {name} has unsupported dtype {info['dtype']}")
        start, end = info["data_offsets"]
        chunk = bytearray(body[start:end])
        flat = torch.frombuffer(chunk, dtype=dtype) if end > start else torch.empty(0, dtype=dtype)
        tensors[name] = flat.reshape(info["shape"]).clone()
    return tensors