"""tools/half_weights.py: the float16 copy loads back as the same model, to float16 precision, at about half the size.

    cd src/NlQuery.Trainer/python && /usr/bin/python3 -m unittest discover -s tests -v
"""

import os
import subprocess
import sys
import tempfile
import unittest

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON_DIR = os.path.dirname(HERE)
sys.path.insert(0, PYTHON_DIR)
from t5 import T5, make_config  # noqa: E402

TOOL = os.path.join(PYTHON_DIR, "tools", "half_weights.py")


class HalfWeightsTest(unittest.TestCase):
    def run_tool(self, model_dir: str, out: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, TOOL, "--model", model_dir, "--out", out], capture_output=True, text=True)

    def test_round_trip_keeps_the_model_to_half_precision(self):
        for tie in (True, False):
            with self.subTest(tie_word_embeddings=tie), tempfile.TemporaryDirectory() as tmp:
                torch.manual_seed(3)
                model = T5(make_config(vocab_size=120, d_model=32, d_kv=8, d_ff=64, num_layers=2, num_heads=4,
                                       tie_word_embeddings=tie))
                source, out = os.path.join(tmp, "fp32"), os.path.join(tmp, "fp16")
                model.save_pretrained(source)
                with open(os.path.join(source, "spiece.model"), "wb") as f:
                    f.write(b"tokenizer bytes")
                done = self.run_tool(source, out)
                self.assertEqual(done.returncode, 0, done.stderr)

                loaded = T5.from_pretrained(out)
                for name, tensor in model.state_dict().items():
                    self.assertTrue(torch.allclose(loaded.state_dict()[name], tensor, rtol=1e-3, atol=1e-4), name)
                ids, mask = torch.tensor([[5, 6, 7, 1]]), torch.ones(1, 4, dtype=torch.long)
                model.eval()
                loaded.eval()
                with torch.no_grad():
                    _, expected = model(ids, mask, ids)
                    _, actual = loaded(ids, mask, ids)
                self.assertLess((expected - actual).abs().max().item(), 1e-2)
                half = os.path.getsize(os.path.join(out, "pytorch_model.bin"))
                full = os.path.getsize(os.path.join(source, "pytorch_model.bin"))
                self.assertLess(half, 0.6 * full)
                with open(os.path.join(out, "spiece.model"), "rb") as f:
                    self.assertEqual(f.read(), b"tokenizer bytes")

    def test_a_folder_without_weights_fails_and_writes_nothing(self):
        with tempfile.TemporaryDirectory() as tmp:
            model = T5(make_config(vocab_size=50, d_model=16, d_kv=4, d_ff=32, num_layers=1, num_heads=4))
            source, out = os.path.join(tmp, "src"), os.path.join(tmp, "out")
            model.save_pretrained(source)
            os.remove(os.path.join(source, "pytorch_model.bin"))
            done = self.run_tool(source, out)
            self.assertNotEqual(done.returncode, 0)
            self.assertIn("neither pytorch_model.bin nor model.safetensors", done.stderr)
            self.assertFalse(os.path.exists(out))


if __name__ == "__main__":
    unittest.main()
