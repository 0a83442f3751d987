"""Resumed training must give the same losses and weights as an uninterrupted run.

    cd src/NlQuery.Trainer/python && /usr/bin/python3 -m unittest discover -s tests -v
"""

import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON_DIR = os.path.dirname(HERE)
REPO = os.path.abspath(os.path.join(PYTHON_DIR, "..", "..", ".."))
SPM = os.path.join(REPO, "tests", "fixtures", "tiny-t5", "spiece.model")
TRAIN = os.path.join(PYTHON_DIR, "train.py")


def write_examples(path: str, count: int = 64) -> None:
    """Synthetic question/SQL pairs in the PICARD shape; enough variety for batches of several lengths."""
    g = random.Random(7)
    tables = ["singer", "stadium", "concert", "student", "course", "department_store"]
    with open(path, "w", encoding="utf-8") as f:
        for _ in range(count):
            t = g.choice(tables)
            n = g.randint(1, 90)
            cols = " , ".join(g.sample(["name", "age", "year", "capacity", "id", "country"], g.randint(1, 6)))
            f.write(json.dumps({"input": f"How many {t} rows have age above {n}? | db | {t} : {cols}",
                                "target": f"db | select count(*) from {t} where age > {n}"}) + "\n")


def common_args(train: str, out: str, steps: int):
    return [sys.executable, TRAIN, "--train", train, "--spm", SPM, "--out", out, "--preset", "tiny",
            "--batch-size", "4", "--accum", "2", "--lr", "3e-3", "--warmup", "3", "--max-steps", str(steps),
            "--log-every", "1", "--eval-fraction", "0.1", "--eval-every", "4", "--dropout", "0.1",
            "--threads", "1", "--device", "cpu", "--seed", "3"]


def losses(out: str):
    """step -> (loss, eval loss or None); a step logged twice (redone after a kill) keeps its last record."""
    result = {}
    with open(os.path.join(out, "log.jsonl"), encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            key = (r["step"], "eval" if "eval_loss" in r else "train")
            result[key] = r.get("eval_loss", r.get("last_loss"))
    return result


def count_lines(path: str) -> int:
    with open(path, encoding="utf-8") as f:
        return sum(1 for _ in f)


def weights(out: str):
    return torch.load(os.path.join(out, "model", "pytorch_model.bin"))


class ResumeTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.train = os.path.join(cls.tmp.name, "train.jsonl")
        write_examples(cls.train)
        cls.steps = 12
        cls.reference = os.path.join(cls.tmp.name, "uninterrupted")
        subprocess.run(common_args(cls.train, cls.reference, cls.steps), check=True, capture_output=True)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def assert_same_run(self, out: str):
        expected, got = losses(self.reference), losses(out)
        self.assertEqual(sorted(expected), sorted(got))
        for key in expected:
            self.assertEqual(expected[key], got[key], f"loss differs at {key}")
        a, b = weights(self.reference), weights(out)
        self.assertEqual(sorted(a), sorted(b))
        for name in a:
            self.assertTrue(torch.equal(a[name], b[name]), f"weights differ: {name}")

    def test_stop_and_resume_matches_uninterrupted_run(self):
        out = os.path.join(self.tmp.name, "stopped")
        first = subprocess.run(common_args(self.train, out, self.steps) + ["--save-every", "100", "--stop-after", "5"],
                               check=True, capture_output=True, text=True)
        self.assertIn("stopping after 5 steps", first.stdout)
        self.assertFalse(os.path.exists(os.path.join(out, "model")))
        second = subprocess.run(common_args(self.train, out, self.steps) + ["--resume"],
                                check=True, capture_output=True, text=True)
        self.assertIn("resumed at step 5", second.stdout)
        self.assert_same_run(out)

    def test_killed_run_resumes_from_last_checkpoint(self):
        out = os.path.join(self.tmp.name, "killed")
        steps = self.steps
        proc = subprocess.Popen(common_args(self.train, out, steps) + ["--save-every", "1"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        log = os.path.join(out, "log.jsonl")
        deadline = time.time() + 120
        while time.time() < deadline and proc.poll() is None:
            if os.path.exists(log) and count_lines(log) >= 4:
                break
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        self.assertEqual(-signal.SIGKILL, proc.returncode, "the run finished before it could be killed")
        self.assertTrue(os.path.exists(os.path.join(out, "checkpoint.pt")))
        subprocess.run(common_args(self.train, out, steps) + ["--save-every", "1", "--resume"],
                       check=True, capture_output=True)
        self.assert_same_run(out)

    def test_resume_refuses_changed_training_data(self):
        out = os.path.join(self.tmp.name, "changed")
        subprocess.run(common_args(self.train, out, 4) + ["--stop-after", "2"], check=True, capture_output=True)
        changed = os.path.join(self.tmp.name, "changed.jsonl")
        with open(self.train, encoding="utf-8") as f:
            lines = f.readlines()
        with open(changed, "w", encoding="utf-8") as f:
            f.writelines(lines[1:])
        result = subprocess.run(common_args(changed, out, 4) + ["--resume"], capture_output=True, text=True)
        self.assertNotEqual(0, result.returncode)
        self.assertIn("sha256 differs", result.stderr)

    def test_new_run_refuses_existing_checkpoint(self):
        out = os.path.join(self.tmp.name, "existing")
        subprocess.run(common_args(self.train, out, 2), check=True, capture_output=True)
        result = subprocess.run(common_args(self.train, out, 2), capture_output=True, text=True)
        self.assertNotEqual(0, result.returncode)
        self.assertIn("pass --resume", result.stderr)


if __name__ == "__main__":
    unittest.main()
