#!/usr/bin/env python3
"""Logs the clinic sample's 30 feedback corrections the way a user would (docs/accuracy.md, "Learning from corrections"):
each question with split "feedback" is asked in the nlq REPL, then `:fix <its gold SQL>`, into the given feedback store.

    python3 samples/log_clinic_corrections.py runs/clinic/feedback.db      (from the repository root, after dotnet build)
"""
import json
import subprocess
import sys

if len(sys.argv) != 2:
    sys.exit("usage: log_clinic_corrections.py <feedback store file>")
lines = []
with open("samples/clinic-questions.jsonl", encoding="utf-8") as pairs:
    for line in pairs:
        pair = json.loads(line)
        if pair["split"] == "feedback":
            lines += [pair["question"], ":fix " + pair["sql"]]
lines.append(":exit")
repl = subprocess.run(["dotnet", "src/NlQuery.Cli/bin/Debug/net10.0/nlq.dll", "--db", "samples/clinic.db", "--feedback", sys.argv[1]],
                      input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=900)
sys.stderr.write(repl.stderr)
logged = repl.stdout.count("correction logged")
print(f"{logged} of {len(lines) // 2} corrections logged in {sys.argv[1]}")
sys.exit(0 if logged == len(lines) // 2 else 1)
