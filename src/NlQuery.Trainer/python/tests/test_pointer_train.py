"""train_pointer.py end to end on the tiny synthetic dataset: stop/resume and SIGTERM/resume give the losses and
weights of an uninterrupted run; training.json and best.pt; the MiniLM fine-tuning path (skipped without the ONNX).

    /usr/bin/python3 -m unittest tests.test_pointer_train -v      (from src/NlQuery.Trainer/python)
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tools"))
from make_tiny_pointer_data import make  # noqa: E402

TRAIN = os.path.join(ROOT, "train_pointer.py")
MINILM = os.environ.get("NLQUERY_MINILM_ONNX")


def args(data, out, steps, *extra):
    return [sys.executable, TRAIN, "--data", data, "--out", out, "--steps", str(steps), "--batch", "8",
            "--d", "16", "--heads", "2", "--enc-layers", "1", "--dec-layers", "2", "--lr", "3e-3", "--warmup", "3",
            "--log-every", "1", "--eval-every", "5", "--threads", "1", "--seed", "3", *extra]


def losses(out):
    result = {}
    with open(os.path.join(out, "log.jsonl"), encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if "last_loss" in r:
                result[r["step"]] = r["last_loss"]
            else:
                result[("heldout", r["step"])] = r["heldout"]["loss"]
    return result


def weights(out):
    return torch.load(os.path.join(out, "checkpoint.pt"), map_location="cpu")["model"]


class TrainPointerTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.data = make(os.path.join(cls.tmp.name, "data"), train=40, heldout=10, seed=5)
        cls.steps = 12
        cls.reference = os.path.join(cls.tmp.name, "uninterrupted")
        cls.ref_run = subprocess.run(args(cls.data, cls.reference, cls.steps), check=True, capture_output=True,
                                     text=True)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def assert_same_run(self, out):
        self.assertEqual(losses(self.reference), losses(out))
        a, b = weights(self.reference), weights(out)
        self.assertEqual(sorted(a), sorted(b))
        for name in a:
            self.assertTrue(torch.equal(a[name], b[name]), f"weights differ: {name}")

    def test_progress_lines_and_summary(self):
        self.assertRegex(self.ref_run.stdout, r"step 12/12 loss \d+\.\d{3}  \d+\.\d{3} s/step  ETA 00:00")
        self.assertIn("heldout loss", self.ref_run.stdout)
        with open(os.path.join(self.reference, "training.json"), encoding="utf-8") as f:
            t = json.load(f)
        self.assertEqual(12, t["steps"])
        self.assertEqual("finished", t["status"])
        self.assertEqual(64, len(t["data"]["train_sha256"]))
        for key in ("loss", "step_accuracy", "exact_match"):
            self.assertIn(key, t["heldout"])
        self.assertEqual(16, t["config"]["d"])
        self.assertEqual(3e-3, t["hyperparameters"]["lr"])
        self.assertTrue(os.path.exists(os.path.join(self.reference, "best.pt")))
        self.assertLess(t["loss_curve"]["last"], t["loss_curve"]["first"])

    def test_stop_and_resume_matches_uninterrupted_run(self):
        out = os.path.join(self.tmp.name, "stopped")
        first = subprocess.run(args(self.data, out, self.steps, "--stop-after", "7"), check=True,
                               capture_output=True, text=True)
        self.assertIn("stopped after 7 steps", first.stdout)
        second = subprocess.run(args(self.data, out, self.steps), check=True, capture_output=True, text=True)
        self.assertIn("resumed at step 7", second.stdout)
        self.assert_same_run(out)

    def test_sigterm_saves_and_resume_matches(self):
        out = os.path.join(self.tmp.name, "terminated")
        steps = 400  # long enough to be running when the signal comes
        proc = subprocess.Popen(args(self.data, out, steps), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                text=True)
        log = os.path.join(out, "log.jsonl")
        deadline = time.time() + 60
        while time.time() < deadline and proc.poll() is None:
            if os.path.exists(log) and os.path.getsize(log) > 0:
                break
            time.sleep(0.01)
        proc.send_signal(signal.SIGTERM)
        stdout, _ = proc.communicate(timeout=60)
        self.assertEqual(0, proc.returncode)
        self.assertIn("stopped by SIGTERM", stdout)
        ckpt = torch.load(os.path.join(out, "checkpoint.pt"), map_location="cpu")
        stopped_at = ckpt["state"]["step"]
        self.assertLess(stopped_at, steps)
        # 3 more steps after the resume = the first stopped_at + 3 steps of an uninterrupted run
        subprocess.run(args(self.data, out, steps, "--stop-after", "3"), check=True, capture_output=True)
        reference = os.path.join(self.tmp.name, "reference400")
        subprocess.run(args(self.data, reference, steps, "--stop-after", str(stopped_at + 3)), check=True,
                       capture_output=True)
        self.assertEqual(losses(reference), losses(out))

    def test_changed_data_is_refused(self):
        out = os.path.join(self.tmp.name, "changed")
        data2 = make(os.path.join(self.tmp.name, "data2"), train=40, heldout=10, seed=6)
        subprocess.run(args(self.data, out, 4, "--stop-after", "2"), check=True, capture_output=True)
        result = subprocess.run(args(data2, out, 4), capture_output=True, text=True)
        self.assertNotEqual(0, result.returncode)
        self.assertIn("sha256 differs", result.stderr)

    def test_time_budget_plans_steps(self):
        out = os.path.join(self.tmp.name, "timed")
        cmd = args(self.data, out, 1)
        i = cmd.index("--steps")
        del cmd[i:i + 2]
        result = subprocess.run(cmd + ["--max-minutes", "0.1", "--eval-every", "0"], check=True,
                                capture_output=True, text=True)
        self.assertIn("s/step: planning", result.stdout)
        with open(os.path.join(out, "training.json"), encoding="utf-8") as f:
            t = json.load(f)
        self.assertLessEqual(t["wall_seconds"], 0.1 * 60 + 5)
        self.assertGreater(t["steps"], 20)

    @unittest.skipUnless(MINILM and os.path.exists(MINILM), "NLQUERY_MINILM_ONNX (MiniLM model.onnx) not set")
    def test_finetune_encoder_on_cpu(self):
        out = os.path.join(self.tmp.name, "finetune")
        data = make(os.path.join(self.tmp.name, "data4"), train=4, heldout=2, seed=7)
        result = subprocess.run(args(data, out, 2, "--batch", "4", "--finetune-encoder", "--encoder-onnx", MINILM,
                                     "--device", "cpu"), check=True, capture_output=True, text=True)
        self.assertIn("in MiniLM", result.stdout)
        ckpt = torch.load(os.path.join(out, "checkpoint.pt"), map_location="cpu")
        self.assertEqual(2, ckpt["state"]["step"])
        self.assertIn("encoder.encoder.layer.5.output.dense.weight", ckpt["model"])
        self.assertTrue(ckpt["config"]["finetune_encoder"])


if __name__ == "__main__":
    unittest.main()
