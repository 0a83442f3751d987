"""The T5 model, its Hugging Face checkpoint format, the ONNX export and the int8 pass.

    cd src/NlQuery.Trainer/python && /usr/bin/python3 -m unittest discover -s tests -v
"""

import math
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON_DIR = os.path.dirname(HERE)
REPO = os.path.abspath(os.path.join(PYTHON_DIR, "..", "..", ".."))
sys.path.insert(0, PYTHON_DIR)

from t5 import T5, T5Attention, make_config  # noqa: E402


def reference_bucket(relative_position, bidirectional, num_buckets, max_distance):
    """T5's bucket formula evaluated directly with a float32 log, as the paper's implementation does."""
    buckets = torch.zeros_like(relative_position)
    if bidirectional:
        num_buckets //= 2
        buckets += (relative_position > 0).long() * num_buckets
        distance = relative_position.abs()
    else:
        distance = torch.clamp(-relative_position, min=0)
    max_exact = num_buckets // 2
    large = max_exact + (torch.log(distance.float() / max_exact) / math.log(max_distance / max_exact)
                         * (num_buckets - max_exact)).long()
    large = torch.clamp(large, max=num_buckets - 1)
    return buckets + torch.where(distance < max_exact, distance, large)


def small_config(**overrides):
    base = dict(vocab_size=60, d_model=32, d_kv=8, num_heads=4, d_ff=48, num_layers=2, num_decoder_layers=3,
                dropout_rate=0.0)
    base.update(overrides)
    return make_config(**base)


class T5ModelTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        torch.set_num_threads(1)

    def test_relative_position_buckets_match_the_log_formula(self):
        positions = torch.arange(-700, 700)
        for buckets, distance in ((32, 128), (32, 64), (16, 40), (64, 256)):
            for decoder in (False, True):
                attention = T5Attention(small_config(relative_attention_num_buckets=buckets,
                                                     relative_attention_max_distance=distance), True, decoder)
                expected = reference_bucket(positions, not decoder, buckets, distance)
                self.assertTrue(torch.equal(expected, attention._bucket(positions)), (buckets, distance, decoder))

    def test_hugging_face_parameter_names(self):
        model = T5(small_config(feed_forward_proj="gated-gelu", tie_word_embeddings=False))
        names = set(model.state_dict())
        for name in ("shared.weight", "encoder.embed_tokens.weight", "decoder.embed_tokens.weight", "lm_head.weight",
                     "encoder.block.0.layer.0.SelfAttention.q.weight",
                     "encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight",
                     "encoder.block.1.layer.0.layer_norm.weight",
                     "encoder.block.1.layer.1.DenseReluDense.wi_0.weight",
                     "encoder.block.1.layer.1.DenseReluDense.wi_1.weight",
                     "encoder.block.1.layer.1.DenseReluDense.wo.weight",
                     "encoder.final_layer_norm.weight",
                     "decoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight",
                     "decoder.block.2.layer.1.EncDecAttention.k.weight",
                     "decoder.block.2.layer.1.layer_norm.weight",
                     "decoder.block.2.layer.2.DenseReluDense.wo.weight",
                     "decoder.final_layer_norm.weight"):
            self.assertIn(name, names)
        self.assertNotIn("encoder.block.1.layer.0.SelfAttention.relative_attention_bias.weight", names)
        self.assertFalse(any("bucket_thresholds" in n for n in names))
        relu = set(T5(small_config(feed_forward_proj="relu")).state_dict())
        self.assertIn("encoder.block.0.layer.1.DenseReluDense.wi.weight", relu)

    def test_kv_cache_decoding_equals_full_decoding(self):
        for proj, tied in (("gated-gelu", False), ("relu", True)):
            torch.manual_seed(1)
            model = T5(small_config(feed_forward_proj=proj, tie_word_embeddings=tied)).eval()
            ids = torch.randint(3, 60, (2, 40))
            mask = torch.ones_like(ids)
            mask[1, 30:] = 0
            dec = torch.randint(0, 60, (2, 25))
            with torch.no_grad():
                enc = model.encode(ids, mask)
                full, _ = model.decode(dec, enc, mask)
                logits, past = model.decode(dec[:, :3], enc, mask)
                steps = [logits]
                for t in range(3, 25):
                    logits, past = model.decode(dec[:, t:t + 1], enc, mask, past)
                    steps.append(logits)
            self.assertLess((torch.cat(steps, 1) - full).abs().max().item(), 1e-5, proj)

    def test_padding_does_not_change_real_positions(self):
        torch.manual_seed(2)
        model = T5(small_config()).eval()
        ids = torch.randint(3, 60, (1, 9))
        padded = torch.cat([ids, torch.zeros(1, 4, dtype=torch.long)], 1)
        mask = torch.cat([torch.ones(1, 9, dtype=torch.long), torch.zeros(1, 4, dtype=torch.long)], 1)
        dec = torch.tensor([[0, 5, 7]])
        with torch.no_grad():
            a, _ = model.decode(dec, model.encode(ids), torch.ones_like(ids))
            b, _ = model.decode(dec, model.encode(padded, mask), mask)
        self.assertLess((a - b).abs().max().item(), 1e-5)

    def test_save_and_load_round_trip_in_hugging_face_format(self):
        torch.manual_seed(3)
        model = T5(small_config(feed_forward_proj="gated-gelu", tie_word_embeddings=False)).eval()
        with tempfile.TemporaryDirectory() as tmp:
            model.save_pretrained(tmp)
            self.assertEqual({"config.json", "pytorch_model.bin"}, set(os.listdir(tmp)))
            loaded = T5.from_pretrained(tmp).eval()
        ids = torch.randint(3, 60, (1, 6))
        with torch.no_grad():
            self.assertEqual(model.greedy(ids, max_length=8), loaded.greedy(ids, max_length=8))
            for (n1, p1), (n2, p2) in zip(model.state_dict().items(), loaded.state_dict().items()):
                self.assertEqual(n1, n2)
                self.assertTrue(torch.equal(p1, p2), n1)

    def test_loads_checkpoint_without_tied_copies(self):
        """Hugging Face may omit the embed_tokens aliases and, when tied, lm_head.weight."""
        torch.manual_seed(4)
        model = T5(small_config(tie_word_embeddings=True))
        state = {k: v for k, v in model.state_dict().items()
                 if k not in ("encoder.embed_tokens.weight", "decoder.embed_tokens.weight", "lm_head.weight")}
        other = T5(small_config(tie_word_embeddings=True))
        other.load_hf_state_dict(state)
        self.assertTrue(torch.equal(other.lm_head.weight, model.shared.weight))
        self.assertTrue(torch.equal(other.encoder.embed_tokens.weight, model.shared.weight))

    def test_ignores_the_unused_cross_attention_bias_of_old_checkpoints(self):
        model = T5(small_config())
        state = model.state_dict()
        state["decoder.block.0.layer.1.EncDecAttention.relative_attention_bias.weight"] = torch.zeros(32, 4)
        T5(small_config()).load_hf_state_dict(state)

    def test_loads_model_safetensors(self):
        """A hand-written safetensors file (the format's documented layout) loads like pytorch_model.bin."""
        import json as json_module
        import struct
        torch.manual_seed(7)
        model = T5(small_config(tie_word_embeddings=False)).eval()
        state = {k: v for k, v in model.state_dict().items() if "embed_tokens" not in k}
        header, blobs, offset = {}, [], 0
        for name, tensor in state.items():
            raw = tensor.to(torch.bfloat16 if name.endswith("wo.weight") else torch.float32).contiguous()
            blob = raw.view(torch.int16).numpy().tobytes() if raw.dtype == torch.bfloat16 else raw.numpy().tobytes()
            header[name] = {"dtype": "BF16" if raw.dtype == torch.bfloat16 else "F32", "shape": list(raw.shape),
                            "data_offsets": [offset, offset + len(blob)]}
            blobs.append(blob)
            offset += len(blob)
        header["__metadata__"] = {"format": "pt"}
        encoded = json_module.dumps(header).encode("utf-8")
        with tempfile.TemporaryDirectory() as tmp:
            model.save_pretrained(tmp)
            os.remove(os.path.join(tmp, "pytorch_model.bin"))
            with open(os.path.join(tmp, "model.safetensors"), "wb") as f:
                f.write(struct.pack("<Q", len(encoded)) + encoded + b"".join(blobs))
            loaded = T5.from_pretrained(tmp)
        for name, tensor in state.items():
            expected = tensor.to(torch.bfloat16).float() if name.endswith("wo.weight") else tensor
            self.assertTrue(torch.equal(expected, loaded.state_dict()[name]), name)

    def test_mismatched_checkpoint_is_a_clear_error(self):
        model = T5(small_config())
        state = model.state_dict()
        del state["decoder.final_layer_norm.weight"]
        state["encoder.block.0.layer.9.extra.weight"] = torch.zeros(1)
        with self.assertRaisesRegex(ValueError, "missing .*decoder.final_layer_norm.weight.*unexpected"):
            T5(small_config()).load_hf_state_dict(state)

    def test_unknown_config_key_and_activation_are_errors(self):
        with self.assertRaisesRegex(ValueError, "unknown T5 config keys"):
            make_config(d_modle=3)
        with self.assertRaisesRegex(ValueError, "unsupported feed_forward_proj"):
            make_config(feed_forward_proj="swish-glu")

    def test_tied_head_scales_decoder_output(self):
        torch.manual_seed(5)
        model = T5(small_config(tie_word_embeddings=True)).eval()
        h = torch.randn(1, 2, 32)
        expected = (h * 32 ** -0.5) @ model.shared.weight.T
        self.assertLess((model.logits(h) - expected).abs().max().item(), 1e-5)


class ExportTests(unittest.TestCase):
    def test_export_names_shapes_and_int8_pass(self):
        import onnx
        from export_onnx import export
        from quantize_int8 import quantize_folder
        torch.manual_seed(6)
        model = T5(small_config(feed_forward_proj="gated-gelu", vocab_size=300))
        with tempfile.TemporaryDirectory() as tmp:
            export(model, tmp)
            enc = onnx.load(os.path.join(tmp, "encoder_model.onnx")).graph
            self.assertEqual(["input_ids", "attention_mask"], [i.name for i in enc.input])
            self.assertEqual(["last_hidden_state"], [o.name for o in enc.output])
            dec = onnx.load(os.path.join(tmp, "decoder_model.onnx")).graph
            self.assertEqual(["input_ids", "encoder_attention_mask", "encoder_hidden_states"], [i.name for i in dec.input])
            outs = [o.name for o in dec.output]
            self.assertEqual("logits", outs[0])
            self.assertEqual(1 + 4 * 3, len(outs))
            self.assertIn("present.2.encoder.value", outs)
            past = onnx.load(os.path.join(tmp, "decoder_with_past_model.onnx")).graph
            ins = [i.name for i in past.input]
            self.assertEqual(["input_ids", "encoder_attention_mask"], ins[:2])
            self.assertIn("past_key_values.0.encoder.key", ins)
            self.assertEqual(2 + 4 * 3, len(ins))
            outs = [o.name for o in past.output]
            self.assertEqual(["logits"] + [f"present.{i}.decoder.{kv}" for i in range(3) for kv in ("key", "value")],
                             outs)
            key = next(i for i in past.input if i.name == "past_key_values.1.decoder.key")
            dims = [d.dim_param or d.dim_value for d in key.type.tensor_type.shape.dim]
            self.assertEqual(["batch_size", 4, "past_decoder_sequence_length", 8], dims)

            quantize_folder(tmp, os.path.join(tmp, "int8"))
            for name in ("encoder_model.onnx", "decoder_model.onnx", "decoder_with_past_model.onnx"):
                q = onnx.load(os.path.join(tmp, "int8", name))
                onnx.checker.check_model(q)
                ops = [n.op_type for n in q.graph.node]
                self.assertIn("DynamicQuantizeMatMul", ops, name)
                weights = {i.name for i in q.graph.initializer}
                float_weight_matmuls = [n for n in q.graph.node if n.op_type == "MatMul" and n.input[1] in weights]
                self.assertEqual([], float_weight_matmuls, name)
                table = [i for i in q.graph.initializer if list(i.dims) == [300, 32]]
                self.assertTrue(table and all(i.data_type == onnx.TensorProto.INT8 for i in table), name)


@unittest.skipUnless(shutil.which("node") and os.environ.get("NLQUERY_ORT_NODE_MODULES"),
                     "set NLQUERY_ORT_NODE_MODULES to a node_modules with onnxruntime-node to run the fixture "
                     "through ONNX Runtime")
class OnnxRuntimeTests(unittest.TestCase):
    def test_fixture_matches_golden_in_onnx_runtime(self):
        fixture = os.path.join(REPO, "tests", "fixtures", "tiny-t5")
        env = dict(os.environ, NODE_PATH=os.environ["NLQUERY_ORT_NODE_MODULES"])
        result = subprocess.run(["node", os.path.join(PYTHON_DIR, "tools", "ort_check.js"), fixture,
                                 os.path.join(fixture, "golden.json")], env=env, capture_output=True, text=True)
        self.assertEqual(0, result.returncode, result.stdout + result.stderr)


if __name__ == "__main__":
    unittest.main()
