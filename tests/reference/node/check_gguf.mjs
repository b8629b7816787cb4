// Cross-check of the GGUF test files with an independent reader, @huggingface/gguf (JavaScript,
// written by others from ggml's gguf.md).  Run from the repository root after
// tests/reference/make_llm_models.py:
//
//     (cd tests/reference/node && npm ci) && node tests/reference/node/check_gguf.mjs
//
// For every good .gguf named in tests/data/llm/reference.json it parses the file with
// gguf(path, {allowLocalFile: true, typedMetadata: true}) and compares what it sees with what
// the Python writer recorded there (version, counts, every metadata key with its type and value
// (arrays: item type, length, first 5 items), every tensor's name, shape, type and offset, and
// the start of the data section).  It also tries every bad/*.gguf and records whether this
// reader rejects it.  It writes tests/data/llm/gguf_headers.json and exits 1 on any mismatch.

import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gguf, GGUFValueType } from "@huggingface/gguf";

const here = dirname(fileURLToPath(import.meta.url));
const llm = resolve(here, "../../data/llm");
const reference = JSON.parse(readFileSync(join(llm, "reference.json"), "utf8"));

const TYPE_NAMES = {
  [GGUFValueType.UINT8]: "u8", [GGUFValueType.INT8]: "i8", [GGUFValueType.UINT16]: "u16",
  [GGUFValueType.INT16]: "i16", [GGUFValueType.UINT32]: "u32", [GGUFValueType.INT32]: "i32",
  [GGUFValueType.FLOAT32]: "f32", [GGUFValueType.BOOL]: "bool", [GGUFValueType.STRING]: "string",
  [GGUFValueType.ARRAY]: "array", [GGUFValueType.UINT64]: "u64", [GGUFValueType.INT64]: "i64",
  [GGUFValueType.FLOAT64]: "f64",
};

// bigint -> number where exact, else a decimal string (JSON has no bigint)
const plain = (v) => {
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (Array.isArray(v)) return v.map(plain);
  return v;
};

const failures = [];
const expectEqual = (file, what, got, want) => {
  const g = JSON.stringify(plain(got));
  const w = JSON.stringify(plain(want));
  if (g !== w) failures.push(`${file}: ${what}: @huggingface/gguf has ${g}, writer wrote ${w}`);
};

const out = { reader: "@huggingface/gguf", files: {}, bad: {} };
const pkg = JSON.parse(readFileSync(join(here, "node_modules/@huggingface/gguf/package.json"), "utf8"));
out.reader += "@" + pkg.version;

for (const [key, model] of Object.entries(reference.models)) {
  if (model.format !== "gguf") continue;
  const path = join(llm, key);
  const parsed = await gguf(path, { allowLocalFile: true, typedMetadata: true });
  const { metadata, typedMetadata, tensorInfos, tensorDataOffset } = parsed;
  const entry = {
    version: metadata.version,
    tensor_count: plain(metadata.tensor_count),
    kv_count: plain(metadata.kv_count),
    tensor_data_offset: plain(tensorDataOffset),
    metadata: [],
    tensors: tensorInfos.map((t) => ({
      name: t.name, shape: plain(t.shape), dtype: t.dtype, offset: plain(t.offset),
    })),
  };
  for (const [k, tv] of Object.entries(typedMetadata)) {
    if (k === "version" || k === "tensor_count" || k === "kv_count") continue;
    if (tv.type === GGUFValueType.ARRAY) {
      entry.metadata.push({ key: k, type: "array", item_type: TYPE_NAMES[tv.subType],
                            length: tv.value.length, first5: plain(tv.value.slice(0, 5)) });
    } else {
      entry.metadata.push({ key: k, type: TYPE_NAMES[tv.type], value: plain(tv.value) });
    }
  }
  out.files[key] = entry;

  const want = model.gguf;
  expectEqual(key, "version", entry.version, want.version);
  expectEqual(key, "tensor_count", entry.tensor_count, want.tensor_count);
  expectEqual(key, "kv_count", entry.kv_count, want.kv_count);
  expectEqual(key, "tensor data offset", entry.tensor_data_offset, want.tensor_data_offset);
  expectEqual(key, "metadata", entry.metadata, want.metadata);
  expectEqual(key, "tensor infos", entry.tensors,
              want.tensors.map((t) => ({ name: t.name, shape: t.ne, dtype: t.ggml_type,
                                         offset: t.offset })));
  expectEqual(key, "token_embd absolute offset",
              Number(tensorDataOffset) + Number(tensorInfos.find((t) => t.name === "token_embd.weight").offset),
              model.embedding.data_offset);
}

for (const key of Object.keys(reference.bad)) {
  if (!key.endsWith(".gguf")) continue;
  try {
    const parsed = await gguf(join(llm, key), { allowLocalFile: true });
    out.bad[key] = { rejected: false, tensors: parsed.tensorInfos.map((t) => t.name) };
  } catch (e) {
    out.bad[key] = { rejected: true, error: String(e.message ?? e) };
  }
}

writeFileSync(join(llm, "gguf_headers.json"), JSON.stringify(out, null, 1) + "\n");
const n = Object.keys(out.files).length;
if (failures.length) {
  for (const f of failures) console.error(f);
  console.log(`${n - new Set(failures.map((f) => f.split(":")[0])).size} passed, ` +
              `${new Set(failures.map((f) => f.split(":")[0])).size} failed`);
  process.exit(1);
}
console.log(`${n} passed, 0 failed`);
