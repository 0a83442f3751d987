"""pointer_model.py / pointer_data.py on the tiny synthetic dataset: set loss, learning, overfitting, MiniLM loader.

    /usr/bin/python3 -m unittest tests.test_pointer_model -v      (from src/NlQuery.Trainer/python)
"""

import math
import os
import sys
import tempfile
import unittest

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tools"))

from make_tiny_pointer_data import make  # noqa: E402
from pointer_data import PointerSplit, collate, epoch_batches  # noqa: E402
from pointer_model import PointerModel, make_config, set_loss  # noqa: E402
import minilm  # noqa: E402


def tiny_model(split, **kw):
    cfg = dict(d=32, heads=4, enc_layers=1, dec_layers=2, dropout=0.0, feature_dropout=0.0)
    cfg.update(kw)
    return PointerModel(make_config(split.vocab_size, int(split.meta["num_kinds"]), int(split.meta["num_relations"]),
                                    **cfg))


def train_steps(model, split, indices_per_step, steps, lr=3e-3):
    opt = torch.optim.AdamW(model.parameters(), lr=lr)
    losses = []
    for s in range(steps):
        b = collate(split, indices_per_step[s % len(indices_per_step)])
        loss = set_loss(model(b["features"], b["kinds"], b["relations"], b["mask"], b["target_input"]),
                        b["target_mask"], b["step_mask"])
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        losses.append(float(loss))
    return losses


class PointerModelTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        torch.set_num_threads(1)
        cls.tmp = tempfile.TemporaryDirectory()
        make(cls.tmp.name, train=40, heldout=10, seed=5)
        cls.train = PointerSplit(cls.tmp.name, "train")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_data_has_the_contract_shapes(self):
        e = self.train.examples[0]
        self.assertEqual((e.n, e.n), e.relations.shape)
        self.assertEqual(e.target[-1], [2])
        self.assertEqual(e.target_input[0], 1)
        self.assertTrue(any(len(s) == 2 for ex in self.train.examples for s in ex.target), "no ambiguous set")
        b = collate(self.train, [0, 1, 2], with_tokens=True)
        N = max(self.train.examples[i].n for i in range(3))
        self.assertEqual((3, N, 384), tuple(b["features"].shape))
        self.assertEqual(3 * N, b["target_mask"].shape[2] - self.train.vocab_size + 2 * N)
        # pooling rows average their spans
        self.assertTrue(torch.allclose(b["pool"].sum(-1)[b["mask"]], torch.ones(int(b["mask"].sum()))))

    def test_set_loss_is_minus_log_of_the_set_probability(self):
        logits = torch.randn(2, 3, 7)
        target = torch.zeros(2, 3, 7, dtype=torch.bool)
        target[0, 0, [1, 4]] = True
        target[0, 1, 2] = True
        target[1, 0, 6] = True
        steps = torch.tensor([[True, True, False], [True, False, False]])
        p = torch.softmax(logits, -1)
        expected = -(math.log(p[0, 0, 1] + p[0, 0, 4]) + math.log(p[0, 1, 2]) + math.log(p[1, 0, 6])) / 3
        self.assertAlmostEqual(expected, float(set_loss(logits, target, steps)), places=5)

    def test_padding_does_not_change_an_example(self):
        model = tiny_model(self.train).eval()
        i, j = sorted(range(len(self.train)), key=lambda k: self.train.examples[k].n)[:: len(self.train) - 1][:2]
        alone = collate(self.train, [i])
        padded = collate(self.train, [i, j])
        n, T = self.train.examples[i].n, len(self.train.examples[i].target)
        with torch.no_grad():
            a = model(alone["features"], alone["kinds"], alone["relations"], alone["mask"], alone["target_input"])
            b = model(padded["features"], padded["kinds"], padded["relations"], padded["mask"],
                      padded["target_input"])
        V = self.train.vocab_size
        self.assertLess(float((a[0, :T, :V + n] - b[0, :T, :V + n]).abs().max()), 1e-4)
        self.assertTrue(bool((b[0, :T, V + n:] <= -1e3).all()), "padded positions are not masked")

    def test_loss_decreases(self):
        torch.manual_seed(1)
        model = tiny_model(self.train, dropout=0.1, feature_dropout=0.1).train()
        batches = epoch_batches(self.train, 8, seed=1, epoch=0)
        losses = train_steps(model, self.train, batches, 60)
        first, last = sum(losses[:5]) / 5, sum(losses[-5:]) / 5
        self.assertLess(last, 0.6 * first, f"{first:.3f} -> {last:.3f}")

    def test_overfits_eight_examples(self):
        torch.manual_seed(2)
        model = tiny_model(self.train, enc_layers=2).train()
        eight = list(range(8))
        losses = train_steps(model, self.train, [eight], 250, lr=3e-3)
        model.eval()
        b = collate(self.train, eight)
        pred = model.greedy(b["features"], b["kinds"], b["relations"], b["mask"], max_steps=b["step_mask"].shape[1])
        exact = 0
        for r, i in enumerate(eight):
            target = self.train.examples[i].target
            seq = pred[r].tolist()
            exact += all(t < len(seq) and seq[t] in s for t, s in enumerate(target))
        self.assertEqual(8, exact, f"greedy exact match {exact}/8, final loss {losses[-1]:.4f}")


def _tiny_bert_config():
    return dict(vocab_size=120, hidden=32, layers=2, heads=4, intermediate=64, max_positions=40, type_vocab=2,
                eps=1e-12)


class MiniLMTests(unittest.TestCase):
    def test_onnx_weight_mapping_round_trip(self):
        """Our BERT exported by torch has the MiniLM file's layout (named biases, unnamed [in,out] MatMul weights);
        loading it back must give the same weights and outputs."""
        torch.manual_seed(3)
        config = _tiny_bert_config()
        src = minilm.MiniLM(config).eval()
        with torch.no_grad():  # distinct values everywhere (torch's exporter merges identical initializers)
            for p in src.parameters():
                p.add_(torch.randn_like(p) * 0.1)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "bert.onnx")
            minilm.export_onnx(src, path)
            loaded = minilm.load_minilm(path, config).eval()
        for name, tensor in src.state_dict().items():
            self.assertTrue(torch.equal(tensor, loaded.state_dict()[name]), name)
        ids = torch.tensor([[101 % 120, 5, 6, 7, 0]])
        mask = torch.tensor([[1, 1, 1, 1, 0]])
        self.assertTrue(torch.equal(src(ids, mask), loaded(ids, mask)))

    @unittest.skipUnless(os.environ.get("NLQUERY_MINILM_ONNX") and os.path.exists(os.environ["NLQUERY_MINILM_ONNX"]),
                         "NLQUERY_MINILM_ONNX (the package's MiniLM model.onnx) not set")
    def test_loads_the_real_minilm(self):
        model = minilm.load_minilm(os.environ["NLQUERY_MINILM_ONNX"]).eval()
        ids = torch.tensor([[101, 2129, 2116, 8453, 2079, 2057, 2031, 1029, 102]])
        with torch.no_grad():
            out = model(ids, torch.ones_like(ids))
        self.assertEqual((1, 9, 384), tuple(out.shape))
        self.assertTrue(bool(torch.isfinite(out).all()))


if __name__ == "__main__":
    unittest.main()
