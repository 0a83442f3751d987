// Runs a pointer-minilm model folder (linker.onnx, decoder_step.onnx) through ONNX Runtime (npm onnxruntime-node)
// and compares it with a golden file written by export_pointer.py --golden. Exit 1 on any difference > tolerance.
//
//   npm install --prefix /tmp/ort onnxruntime-node@1.30.0 --ignore-scripts
//   NODE_PATH=/tmp/ort/node_modules node tools/ort_check_pointer.js <model dir> <golden.json> [tolerance]
const ort = require("onnxruntime-node");
const fs = require("fs");
const path = require("path");

const [dir, goldenPath, tolArg] = process.argv.slice(2);
const golden = JSON.parse(fs.readFileSync(goldenPath, "utf8"));
const tol = tolArg ? Number(tolArg) : golden.tolerance;
const maxDiff = (a, b) => { let m = 0; for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i] - b[i])); return m; };
const f32 = (t) => new ort.Tensor("float32", Float32Array.from(t.values), t.shape);
const i64 = (flat, shape) => new ort.Tensor("int64", BigInt64Array.from(flat.map(BigInt)), shape);

(async () => {
  const opts = { intraOpNumThreads: 1, interOpNumThreads: 1 };
  const linker = await ort.InferenceSession.create(path.join(dir, "linker.onnx"), opts);
  const step = await ort.InferenceSession.create(path.join(dir, "decoder_step.onnx"), opts);
  const { d, layers } = golden.config;
  let failed = false;
  const report = (what, diff) => { const bad = !(diff <= tol); failed = failed || bad; console.log(`${bad ? "FAIL" : "ok  "} ${what}: max |diff| ${diff.toExponential(2)}`); };
  for (const c of golden.cases) {
    const n = c.n;
    const l = await linker.run({ features: f32(c.features), kinds: i64(c.kinds.flat(), [1, n]), relations: i64(c.relations.flat(2), [1, n, n]) });
    for (const name of ["memory", "pointer_keys", "action_memory"]) report(`${c.name} ${name}`, maxDiff(l[name].data, c[name].values));
    const B = c.steps[0].action.length;
    let h = new ort.Tensor("float32", new Float32Array(layers * B * d), [layers, B, d]);
    let cc = new ort.Tensor("float32", new Float32Array(layers * B * d), [layers, B, d]);
    for (let s = 0; s < c.steps.length; s++) {
      const g = c.steps[s];
      const o = await step.run({ action: i64(g.action, [B]), h, c: cc, memory: l.memory, pointer_keys: l.pointer_keys, action_memory: l.action_memory });
      report(`${c.name} step ${s} logits ${JSON.stringify(o.logits.dims)}`, maxDiff(o.logits.data, g.logits.values));
      report(`${c.name} step ${s} h_out`, maxDiff(o.h_out.data, g.h_out.values));
      report(`${c.name} step ${s} c_out`, maxDiff(o.c_out.data, g.c_out.values));
      h = o.h_out; cc = o.c_out;
    }
    if (c.greedy) {
      const argmax = (d) => { let best = 0; for (let i = 1; i < d.length; i++) if (d[i] > d[best]) best = i; return best; };
      let gh = new ort.Tensor("float32", new Float32Array(layers * d), [layers, 1, d]);
      let gc = new ort.Tensor("float32", new Float32Array(layers * d), [layers, 1, d]);
      let a = 1; const seq = [];
      for (let s = 0; s < c.greedy_max_steps; s++) {
        const o = await step.run({ action: i64([a], [1]), h: gh, c: gc, memory: l.memory, pointer_keys: l.pointer_keys, action_memory: l.action_memory });
        a = argmax(o.logits.data); seq.push(a); gh = o.h_out; gc = o.c_out;
        if (a === 2) break;
      }
      const same = JSON.stringify(seq) === JSON.stringify(c.greedy);
      failed = failed || !same;
      console.log(`${same ? "ok  " : "FAIL"} ${c.name} greedy ${JSON.stringify(seq)}${same ? "" : " expected " + JSON.stringify(c.greedy)}`);
    }
  }
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(2); });
