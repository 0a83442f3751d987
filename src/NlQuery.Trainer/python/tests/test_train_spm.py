"""The tokenizer trainer keeps every character of the corpus representable, the " | " separator included.

    cd src/NlQuery.Trainer/python && /usr/bin/python3 -m unittest discover -s tests -v
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TRAIN_SPM = os.path.join(os.path.dirname(HERE), "tools", "train_spm.py")


@unittest.skipIf(shutil.which("spm_train") is None, "spm_train not installed (apt-get install sentencepiece)")
class TrainSpmTest(unittest.TestCase):
    def test_separator_and_sql_punctuation_are_not_unknown(self):
        import sentencepiece as spm
        with tempfile.TemporaryDirectory() as tmp:
            data = os.path.join(tmp, "train.jsonl")
            with open(data, "w", encoding="utf-8") as f:
                for i in range(200):
                    f.write(json.dumps({"input": f"How many singers are older than {i}? | concert_singer | singer : name , age",
                                        "target": f"concert_singer | select count(*) from singer where age >= {i} and name <> 'x{i}'"}) + "\n")
            out = os.path.join(tmp, "spiece.model")
            subprocess.run([sys.executable, TRAIN_SPM, "--jsonl", data, "--vocab", "300", "--out", out], check=True,
                           capture_output=True)
            sp = spm.SentencePieceProcessor(model_file=out)
            for text in ["concert_singer | select name from singer", "age >= 3 and name <> 'x'"]:
                ids = sp.encode(text)
                self.assertNotIn(sp.unk_id(), ids, f"{text!r} -> {sp.encode(text, out_type=str)}")
                self.assertEqual(text, sp.decode(ids))


if __name__ == "__main__":
    unittest.main()
