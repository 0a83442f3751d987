"""Fine-tuning from shipped weights: export_pointer.py writes weights/pointer.pt (float16) and names it in model.json;
train_pointer.py --init starts from exactly those weights, refuses data with another action vocabulary, and
--upweight repeats a source's examples in every epoch.

    /usr/bin/python3 -m unittest tests.test_pointer_init -v      (from src/NlQuery.Trainer/python)
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "tools"))
from make_tiny_pointer_data import make  # noqa: E402
from pointer_data import PointerSplit, epoch_batches  # noqa: E402
from pointer_weights import load_init  # noqa: E402


def train(data, out, steps, *extra):
    return subprocess.run([sys.executable, os.path.join(ROOT, "train_pointer.py"), "--data", data, "--out", out,
                           "--steps", str(steps), "--batch", "8", "--d", "16", "--heads", "2", "--enc-layers", "1",
                           "--dec-layers", "2", "--lr", "3e-3", "--warmup", "2", "--eval-every", "0",
                           "--threads", "1", *extra], capture_output=True, text=True)


class PointerInitTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.data = make(os.path.join(cls.tmp.name, "data"), train=12, heldout=4, seed=7)
        run = os.path.join(cls.tmp.name, "run")
        done = train(cls.data, run, 6)
        assert done.returncode == 0, done.stderr
        cls.model = os.path.join(cls.tmp.name, "model")
        subprocess.run([sys.executable, os.path.join(ROOT, "export_pointer.py"), "--checkpoint", run, "--out",
                        cls.model, "--which", "last"], check=True, capture_output=True)
        cls.last = torch.load(os.path.join(run, "checkpoint.pt"), map_location="cpu")["model"]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_export_writes_half_weights_named_in_model_json(self):
        with open(os.path.join(self.model, "model.json"), encoding="utf-8") as f:
            self.assertEqual("weights/pointer.pt", json.load(f)["weights"])
        config, state, vocab = load_init(self.model)
        self.assertEqual(16, config["d"])
        self.assertEqual(20, len(vocab))
        self.assertEqual(set(self.last), set(state))
        for name, value in self.last.items():
            self.assertTrue(torch.allclose(value.float(), state[name], atol=2e-3, rtol=1e-3), name)

    def test_init_starts_from_the_weights(self):
        out = os.path.join(self.tmp.name, "fine")
        done = train(self.data, out, 0, "--init", self.model, "--d", "32", "--stop-after", "0")
        self.assertEqual(0, done.returncode, done.stderr)
        self.assertIn("initialised from", done.stdout)
        saved = torch.load(os.path.join(out, "checkpoint.pt"), map_location="cpu")
        self.assertEqual(16, saved["config"]["d"], "--init's architecture wins over --d")
        _, init_state, _ = load_init(self.model)
        for name, value in init_state.items():
            self.assertTrue(torch.equal(value, saved["model"][name]), name)

    def test_init_refuses_another_vocabulary(self):
        other = os.path.join(self.tmp.name, "other-data")
        make(other, train=4, heldout=1, seed=7)
        meta_path = os.path.join(other, "pointer-metadata.json")
        with open(meta_path, encoding="utf-8") as f:
            meta = json.load(f)
        meta["vocab"] = meta["vocab"][:-1] + ["intersect"]
        with open(meta_path, "w", encoding="utf-8") as f:
            json.dump(meta, f)
        done = train(other, os.path.join(self.tmp.name, "refused"), 2, "--init", self.model)
        self.assertNotEqual(0, done.returncode)
        self.assertIn("action vocabulary", done.stderr)
        self.assertIn("intersect", done.stderr)

    def test_init_without_weights_is_a_clear_error(self):
        bare = os.path.join(self.tmp.name, "bare")
        os.makedirs(bare, exist_ok=True)
        with open(os.path.join(bare, "model.json"), "w", encoding="utf-8") as f:
            json.dump({"format": "pointer-minilm"}, f)
        done = train(self.data, os.path.join(self.tmp.name, "bare-run"), 2, "--init", bare)
        self.assertNotEqual(0, done.returncode)
        self.assertIn("names no 'weights'", done.stderr)

    def test_upweight_repeats_a_source(self):
        jsonl = os.path.join(self.data, "train.jsonl")
        with open(jsonl, encoding="utf-8") as f:
            rows = [json.loads(line) for line in f]
        weighted = os.path.join(self.tmp.name, "weighted")
        make(weighted, train=12, heldout=1, seed=7)
        for i, row in enumerate(rows):
            row["source"] = "feedback" if i < 3 else "train_spider"
        with open(os.path.join(weighted, "train.jsonl"), "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r) + "\n" for r in rows)
        split = PointerSplit(weighted, "train", repeat={"feedback": 4})
        self.assertEqual(12 + 3 * 3, len(split.order))
        seen = [i for b in epoch_batches(split, 8, seed=1, epoch=0) for i in b]
        self.assertEqual(sorted(split.order), sorted(seen))
        self.assertEqual(4, seen.count(0))
        self.assertEqual(1, seen.count(5))
        with self.assertRaises(ValueError):
            PointerSplit(weighted, "train", repeat={"nope": 2})


if __name__ == "__main__":
    unittest.main()
