// Runs an exported model folder through ONNX Runtime (npm onnxruntime-node) and compares it with golden.json.
// Python's onnxruntime is not installable here; Node's package carries the same native library.
//
//   npm install --prefix /tmp/ort onnxruntime-node@1.30.0 --ignore-scripts
//   NODE_PATH=/tmp/ort/node_modules node tools/ort_check.js <model dir> <golden.json> [tolerance]
//
// Checks: encoder output; decoder_model over the whole decoder sequence; decoder_model on the first token then
// decoder_with_past_model one token at a time; greedy decoding. Prints the largest differences; exit 1 on failure.
const ort = require("onnxruntime-node");
const fs = require("fs");
const path = require("path");

const [dir, goldenPath, tolArg] = process.argv.slice(2);
const golden = JSON.parse(fs.readFileSync(goldenPath, "utf8"));
const tol = tolArg ? Number(tolArg) : golden.tolerance;

const i64 = (rows) => new ort.Tensor("int64", BigInt64Array.from(rows.flat().map(BigInt)), [rows.length, rows[0].length]);
const maxDiff = (a, b) => { let m = 0; for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i] - b[i])); return m; };

(async () => {
  const opts = { intraOpNumThreads: 1, interOpNumThreads: 1 };
  const enc = await ort.InferenceSession.create(path.join(dir, "encoder_model.onnx"), opts);
  const dec = await ort.InferenceSession.create(path.join(dir, "decoder_model.onnx"), opts);
  const past = await ort.InferenceSession.create(path.join(dir, "decoder_with_past_model.onnx"), opts);
  const layers = golden.config.num_decoder_layers;
  let failed = false;
  const report = (what, d) => { const bad = !(d <= tol); failed = failed || bad; console.log(`${bad ? "FAIL" : "ok  "} ${what}: max |diff| ${d.toExponential(2)}`); };

  for (const c of golden.cases) {
    const mask = i64(c.attention_mask);
    const e = await enc.run({ input_ids: i64(c.input_ids), attention_mask: mask });
    const hidden = e.last_hidden_state;
    report(`${c.name} encoder`, maxDiff(hidden.data, c.encoder_last_hidden_state.values));

    const full = await dec.run({ input_ids: i64(c.decoder_input_ids), encoder_attention_mask: mask, encoder_hidden_states: hidden });
    report(`${c.name} decoder_model full sequence`, maxDiff(full.logits.data, c.logits.values));

    const [b, t, v] = c.logits.shape;
    const got = new Float32Array(b * t * v);
    const put = (step, data) => { for (let i = 0; i < b; i++) got.set(data.subarray(i * v, (i + 1) * v), (i * t + step) * v); };
    const first = await dec.run({ input_ids: i64(c.decoder_input_ids.map((r) => [r[0]])), encoder_attention_mask: mask, encoder_hidden_states: hidden });
    put(0, first.logits.data);
    let cache = {};
    for (let l = 0; l < layers; l++) for (const kind of ["decoder", "encoder"]) for (const kv of ["key", "value"])
      cache[`past_key_values.${l}.${kind}.${kv}`] = first[`present.${l}.${kind}.${kv}`];
    for (let s = 1; s < t; s++) {
      const out = await past.run({ input_ids: i64(c.decoder_input_ids.map((r) => [r[s]])), encoder_attention_mask: mask, ...cache });
      put(s, out.logits.data);
      for (let l = 0; l < layers; l++) for (const kv of ["key", "value"])
        cache[`past_key_values.${l}.decoder.${kv}`] = out[`present.${l}.decoder.${kv}`];
    }
    report(`${c.name} decoder first step + with past`, maxDiff(got, c.logits.values));
  }

  // Greedy decoding with the cache.
  const argmax = (d) => { let best = 0; for (let i = 1; i < d.length; i++) if (d[i] > d[best]) best = i; return best; };
  for (const g of golden.greedy) {
    const mask = i64([g.input_ids.map(() => 1)]);
    const hidden = (await enc.run({ input_ids: i64([g.input_ids]), attention_mask: mask })).last_hidden_state;
    const first = await dec.run({ input_ids: i64([[golden.config.decoder_start_token_id]]), encoder_attention_mask: mask, encoder_hidden_states: hidden });
    const ids = [argmax(first.logits.data)];
    let cache = {};
    for (let l = 0; l < layers; l++) for (const kind of ["decoder", "encoder"]) for (const kv of ["key", "value"])
      cache[`past_key_values.${l}.${kind}.${kv}`] = first[`present.${l}.${kind}.${kv}`];
    while (ids.length < g.max_length && ids[ids.length - 1] !== golden.config.eos_token_id) {
      const out = await past.run({ input_ids: i64([[ids[ids.length - 1]]]), encoder_attention_mask: mask, ...cache });
      ids.push(argmax(out.logits.data));
      for (let l = 0; l < layers; l++) for (const kv of ["key", "value"])
        cache[`past_key_values.${l}.decoder.${kv}`] = out[`present.${l}.decoder.${kv}`];
    }
    const same = JSON.stringify(ids) === JSON.stringify(g.output_ids);
    failed = failed || !same;
    console.log(`${same ? "ok  " : "FAIL"} greedy ids for "${g.text.slice(0, 30)}...": ${JSON.stringify(ids)}${same ? "" : " expected " + JSON.stringify(g.output_ids)}`);
  }
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(2); });
