#!/usr/bin/python3
r"""Generate tests/data/llm/: small LLM model files (safetensors and GGUF) with their
vocabularies, bad-input files, and tests/data/llm/reference.json with the values and labels a
reader must find in them.  No Vecspace code is involved: the files are written byte by byte
here, from the formats' own documentation, and the expected values are numpy's decoding of the
bytes written.

Rerun from the repository root with Debian's Python (python3-numpy 1.24):

    /usr/bin/python3 tests/reference/make_llm_models.py

It deletes and rewrites tests/data/llm/ (all of it except gguf_headers.json, which
tests/reference/node/check_gguf.mjs writes).  Deterministic: every random matrix comes from
numpy.random.RandomState(seed) (the legacy generator, whose streams numpy keeps stable), and
nothing depends on the date or the machine.

Sources of each layout
----------------------
safetensors   huggingface/safetensors README ("Format"): 8-byte little-endian u64 N, N bytes of
              UTF-8 JSON header, then the byte buffer; each tensor {"dtype", "shape",
              "data_offsets": [BEGIN, END]} relative to the buffer start, END one past; optional
              "__metadata__" string->string map; little-endian, row-major, no holes, no overlaps.
              The header is written as serde_json writes it (no spaces) and padded with spaces
              (0x20) so that N is a multiple of 8, as the Rust writer does.  dtype names: "F32",
              "F16", "BF16", "I64", "F8_E4M3" ...  BF16 = the top 16 bits of the float32,
              rounded to nearest even; F16 = IEEE binary16 (numpy astype, nearest even).
sharded       transformers' model.safetensors.index.json: {"metadata": {"total_size": bytes},
              "weight_map": {tensor name: shard file name}}, shards named
              model-0000K-of-0000N.safetensors.
tokenizer.json  huggingface/tokenizers serialisation: "model": {"type": "BPE", "vocab": {token:
              id}, "merges": [...]} or {"type": "Unigram", "vocab": [[piece, score], ...]} (id =
              position); "added_tokens": [{"id", "content", "special", ...}].  GPT-2 byte-level
              BPE spells each byte with the bytes_to_unicode table of openai/gpt-2 encoder.py
              (space = "Ġ" U+0120, newline = "Ċ" U+010A); SentencePiece pieces mark a space with
              "▁" U+2581 and spell bytes "<0xNN>".
vocab.json    GPT-2's {token: id}.  vocab.txt: BERT WordPiece, one token per line, id = line.
GGUF          ggml docs/gguf.md: magic "GGUF", u32 version, u64 tensor count, u64 kv count, kvs
              (u64-length string key, u32 type, value; types 0 u8 1 i8 2 u16 3 i16 4 u32 5 i32
              6 f32 7 bool 8 string 9 array (u32 type, u64 count, items) 10 u64 11 i64 12 f64),
              tensor infos (name, u32 n_dims, u64 ne[n_dims], u32 ggml type, u64 offset relative
              to the data section), zero padding to general.alignment (u32, default 32), data;
              each tensor's offset a multiple of the alignment.  Version 2 has the same layout
              as 3 (v3 only added big-endian files).  ne[0] is the contiguous dimension:
              token_embd.weight has ne = [n_embd, n_vocab], one contiguous row per token.
ggml blocks   ggml src/ggml-common.h (structs) and src/ggml-quants.c (dequantize_row_*,
              get_scale_min_k4); type ids from the ggml_type enum in gguf.md.  Block sizes in
              bytes per block of values: Q4_0 18/32, Q4_1 20/32, Q5_0 22/32, Q5_1 24/32,
              Q8_0 34/32, Q4_K 144/256, Q5_K 176/256, Q6_K 210/256, Q8_K 292/256.
              F16 scales are IEEE binary16; Q8_K's d is a float32.

Quantisers here are our own (simple absmax / min-max choices); they need not pick llama.cpp's
scales, only write valid blocks.  The reference values are NOT the original floats: they are
the numpy dequantisation of the bytes in the file, written independently of the quantisers and
following ggml's dequantize_row_* arithmetic in float32, operation by operation, left to right
(e.g. Q4_K: y = (d*sc)*q - (dmin*m); Q6_K: y = (d*sc)*q).  With binary16 scales every product
in these formulas is exact in float32 (d has 11 significant bits, sc and m at most 7, q at most
6: Q4_K/Q5_K d*sc*q <= 22 bits, Q6_K <= 24 bits, Q4_1/Q5_1 x*d <= 16 bits), so each value is
rounded at most once and a build that fuses a*b+c into an FMA gets the same bits; Q8_K's float32
d times an int8 is one rounding too.  So exact comparison is right (checked once against a
scratch C build of ggml's own dequantize_row_* functions, with and without FMA contraction: all
bits equal).  Every good file is read back here with a parser separate from the writer before
its values are taken.

Labels (the readable text of each matrix row)
---------------------------------------------
  byte-level BPE (GPT-2: vocab.json, or tokenizer.json whose pre_tokenizer/decoder is
      ByteLevel): each character is mapped back to its byte through the inverse
      bytes_to_unicode table; the bytes are decoded as UTF-8; every byte that is not part of a
      complete, valid UTF-8 sequence is shown as "<0xNN>" (two upper-case hex digits, one per
      byte).  So "Ġking" -> " king", "Ã©" -> "é", "Ã" -> "<0xC3>", "ĠcafÃ" -> " caf<0xC3>".
      Control characters are then written as text, so that every label is one line: newline,
      carriage return and tab as backslash-n, -r, -t ("Ċ" -> backslash n), other C0 controls
      and DEL as "<0xNN>".
  SentencePiece-style (GGUF tokenizer.ggml.model "llama", Llama tokenizer.json, Unigram): every
      "▁" is shown as a space ("▁king" -> " king", "▁▁" -> two spaces, "▁New▁York" ->
      " New York").  Byte tokens "<0xNN>" keep their spelling as the label.
  WordPiece (vocab.txt): the token itself ("##ing" stays "##ing").
  special / control / unknown / user-defined / unused tokens: their text as written.
  rows past the end of the vocabulary: "<pad N>", N the row index; token null.
Kinds: "normal", "special" (tokenizer.json added_tokens with special true, other than the
  unknown token; GGUF token_type 3 control; vocab.txt [PAD] [CLS] [SEP] [MASK]), "unknown"
  (tokenizer.json model.unk_token / Unigram unk_id; GGUF type 2; vocab.txt [UNK]), "byte"
  (SentencePiece "<0xNN>" pieces in a byte_fallback BPE; GGUF type 6), "user-defined"
  (added_tokens with special false; GGUF type 4), "unused" (GGUF type 5; vocab.txt [unusedN]),
  "padding" (rows past the vocabulary).  A bare vocab.json has no special flag, so all its
  tokens are "normal" there (gpt2-tiny-f16, gpt2-tiny-bf16).

reference.json layout: see the "schema" entry written into the file itself (SCHEMA below).
"""

import codecs
import json
import math
import os
import shutil
import struct

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = "tests/data/llm"
REFERENCE = os.path.join(OUT, "reference.json")

F32 = np.float32

SCHEMA = {
    "generator": "script and numpy version",
    "label_rules": "how labels and kinds were derived (text)",
    "models": "map: path relative to tests/data/llm (a directory for Hugging Face models, a "
              ".gguf file for GGUF) -> model entry",
    "model.format": "\"safetensors\" | \"safetensors-sharded\" | \"gguf\"",
    "model.files": "files of the model, with sizes in bytes; every \"file\" in this document "
                   "is a path relative to tests/data/llm",
    "model.embedding": "{tensor: name of the tensor a reader must pick as the embedding matrix, "
                       "file: file holding it, dtype: safetensors dtype or GGML type name, "
                       "ggml_type: ggml type id (GGUF only), rows, dims, shape: as stored "
                       "(safetensors [rows, dims]; GGUF ne = [dims, rows]), data_offset: "
                       "absolute byte offset of its data in its file, nbytes}",
    "model.values.first_rows": "rows 0, 1, 2 as float32 values (each printed as repr(float("
                               "numpy.float32)), so strtod then a cast to float is exact)",
    "model.values.last_row": "{index: rows - 1, values: [...]}",
    "model.row_sums": "for every row, the exact sum of its float32 values (math.fsum in "
                      "float64, rounded once)",
    "model.max_abs_quantisation_error": "GGUF quantised types: max |dequantised - original| "
                                        "(only to show the blocks are sane)",
    "model.vocabulary": "{source: file the labels come from, style: \"byte-level-bpe\" | "
                        "\"sentencepiece-bpe\" | \"sentencepiece-unigram\" | \"sentencepiece\" "
                        "(GGUF llama) | \"wordpiece\", size: number of tokens, rows: matrix rows}",
    "model.labels": "one per matrix row: the readable text (label rules above)",
    "model.tokens": "one per row: the raw token string, or null for padding rows",
    "model.token_ids": "one per row: the token id (the row index), or null for padding rows",
    "model.kinds": "one per row: normal | special | unknown | byte | user-defined | unused | "
                   "padding",
    "model.tensors": "every tensor of the model: {name, file, dtype, shape (safetensors) or ne "
                     "(GGUF), data_offsets (safetensors, relative to the byte buffer) or "
                     "offset (GGUF, relative to the data section), absolute_offset, nbytes, sum: "
                     "fsum of all values as float32}",
    "model.safetensors": "per file: {header_length: N, data_start: 8 + N, metadata}",
    "model.gguf": "{version, alignment, tensor_count, kv_count, tensor_data_offset: absolute "
                  "start of the data section, metadata: [{key, type (gguf value type name), "
                  "value} or for arrays {key, type: \"array\", item_type, length, first5}], "
                  "tensors: [{name, ne, ggml_type, type_name, offset}]}",
    "bad": "map: path relative to tests/data/llm -> {what: what is wrong, must_mention: strings "
           "the reader's error message must contain (a byte offset, a tensor or key name, "
           "expected vs found), facts: the numbers behind them, required: false where a "
           "lenient reader may accept the file}",
}

LABEL_RULES = {
    "byte-level-bpe": "each character -> its byte through the inverse of GPT-2's "
                      "bytes_to_unicode table; the bytes decoded as UTF-8; every byte that is not "
                      "part of a complete, valid UTF-8 sequence shown as <0xNN> (upper-case hex, "
                      "one per byte). 'Ġking' -> ' king', 'Ċ' -> '\\\\n' (the two characters backslash and n: control characters are shown as text, a label is one line), "
                      "'Ã©' -> 'é', 'Ã' -> '<0xC3>', 'ĠcafÃ' -> ' caf<0xC3>'",
    "sentencepiece": "every U+2581 '▁' shown as a space ('▁king' -> ' king', '▁▁' -> two "
                     "spaces, '▁New▁York' -> ' New York'); byte pieces <0xNN> keep their "
                     "spelling",
    "wordpiece": "the token as written ('##ing' stays '##ing')",
    "special, unknown, user-defined, unused tokens": "their text as written",
    "padding rows": "'<pad N>' with N the row index; token and token id null",
    "kinds": {
        "normal": "everything else",
        "special": "tokenizer.json added_tokens with special true (except the unknown token); "
                   "GGUF token_type 3 (control); vocab.txt [PAD] [CLS] [SEP] [MASK]",
        "unknown": "tokenizer.json model.unk_token or Unigram unk_id; GGUF token_type 2; "
                   "vocab.txt [UNK]",
        "byte": "<0xNN> pieces of a byte_fallback (SentencePiece-style) BPE; GGUF token_type 6",
        "user-defined": "tokenizer.json added_tokens with special false; GGUF token_type 4",
        "unused": "GGUF token_type 5; vocab.txt [unusedN]",
        "padding": "matrix rows past the end of the vocabulary",
        "vocab.json alone": "has no special flag: all its tokens are normal (gpt2-tiny-f16, "
                            "gpt2-tiny-bf16, where <|endoftext|> is therefore normal)",
    },
}

# ----------------------------------------------------------------------------------------------
# number formats


def f32_to_bf16_bits(x):
    """float32 -> bfloat16 bits, round to nearest even (no NaNs in our data)."""
    u = np.ascontiguousarray(x, dtype=F32).view(np.uint32).astype(np.uint64)
    assert not np.isnan(x).any()
    rounded = (u + 0x7FFF + ((u >> 16) & 1)) >> 16
    return rounded.astype(np.uint16)


def bf16_bits_to_f32(b):
    return (np.asarray(b, dtype=np.uint32) << 16).view(F32)


def f16_bits(x):
    return np.asarray(x, dtype=F32).astype(np.float16).view(np.uint16)


def f16_bits_to_f32(b):
    return np.asarray(b, dtype=np.uint16).view(np.float16).astype(F32)


def fl(x):
    """A float32 as the Python float that prints it exactly (repr)."""
    return float(F32(x))


def row_list(v):
    return [fl(x) for x in np.asarray(v, dtype=F32)]


def fsum32(v):
    return math.fsum(np.asarray(v, dtype=F32).astype(np.float64).ravel().tolist())


# ----------------------------------------------------------------------------------------------
# labels


def bytes_to_unicode():
    """openai/gpt-2 encoder.py: byte -> printable unicode character."""
    bs = (list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1))
          + list(range(ord("®"), ord("ÿ") + 1)))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


BYTE_ENCODER = bytes_to_unicode()
BYTE_DECODER = {c: b for b, c in BYTE_ENCODER.items()}


def _hex_bytes(err):
    bad = err.object[err.start:err.end]
    return "".join("<0x%02X>" % b for b in bad), err.end


codecs.register_error("vecspace_hex_bytes", _hex_bytes)


def utf8_label(raw):
    """UTF-8 decode; every byte outside a complete valid sequence -> <0xNN>."""
    return raw.decode("utf-8", errors="vecspace_hex_bytes")


def gpt2_token(text):
    """Spell UTF-8 text the byte-level BPE way."""
    return "".join(BYTE_ENCODER[b] for b in text.encode("utf-8"))


def gpt2_token_of_bytes(raw):
    return "".join(BYTE_ENCODER[b] for b in raw)


def visible(label):
    """Control characters as text, so that a label is one line: newline, carriage return and
    tab as the two characters \\n, \\r, \\t; the other C0 controls and DEL as <0xNN>."""
    out = []
    for ch in label:
        if ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append("<0x%02X>" % ord(ch))
        else:
            out.append(ch)
    return "".join(out)


def bytelevel_label(token):
    return visible(utf8_label(bytes(BYTE_DECODER[c] for c in token)))


def sentencepiece_label(token, kind):
    if kind == "byte":
        return token
    if kind in ("special", "unknown", "user-defined", "unused"):
        return visible(token)
    return visible(token.replace("\u2581", " "))


# ----------------------------------------------------------------------------------------------
# safetensors


DTYPE_SIZE = {"F32": 4, "F16": 2, "BF16": 2, "I64": 8, "F8_E4M3": 1, "I32": 4, "U8": 1}


def encode_tensor(x, dtype):
    x = np.asarray(x)
    if dtype == "F32":
        return np.ascontiguousarray(x, dtype="<f4").tobytes()
    if dtype == "F16":
        return f16_bits(x).astype("<u2").tobytes()
    if dtype == "BF16":
        return f32_to_bf16_bits(x).astype("<u2").tobytes()
    raise ValueError(dtype)


def stored_values(x, dtype):
    """The float32 values a reader must get back from x stored as dtype."""
    if dtype == "F32":
        return np.asarray(x, dtype=F32)
    if dtype == "F16":
        return f16_bits_to_f32(f16_bits(x)).reshape(np.shape(x))
    if dtype == "BF16":
        return bf16_bits_to_f32(f32_to_bf16_bits(x)).reshape(np.shape(x))
    raise ValueError(dtype)


def st_header_bytes(header):
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    pad = (8 - len(text) % 8) % 8
    return text + b" " * pad


def st_build(entries, metadata=None):
    """entries: list of (name, dtype, shape, data bytes), stored in this order.  Returns the
    file bytes and {name: (begin, end)}."""
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    offsets = {}
    pos = 0
    for name, dtype, shape, data in entries:
        n = DTYPE_SIZE[dtype] * int(np.prod(shape, dtype=np.int64))
        assert n == len(data), (name, n, len(data))
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [pos, pos + n]}
        offsets[name] = (pos, pos + n)
        pos += n
    hb = st_header_bytes(header)
    blob = struct.pack("<Q", len(hb)) + hb + b"".join(e[3] for e in entries)
    return blob, offsets


def st_read(path):
    """Independent reader used to check what was written (and to take values from)."""
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack_from("<Q", blob, 0)
    assert 8 + n <= len(blob)
    text = blob[8:8 + n].decode("utf-8")
    assert text.startswith("{") and n % 8 == 0
    header = json.loads(text)
    meta = header.pop("__metadata__", None)
    data = blob[8 + n:]
    spans = sorted((v["data_offsets"][0], v["data_offsets"][1], k) for k, v in header.items())
    pos = 0
    for b, e, k in spans:
        assert b == pos, ("hole/overlap", k)
        pos = e
    assert pos == len(data), "buffer not fully indexed"
    tensors = {}
    for k, v in header.items():
        b, e = v["data_offsets"]
        raw = data[b:e]
        dt = v["dtype"]
        if dt == "F32":
            vals = np.frombuffer(raw, dtype="<f4").astype(F32)
        elif dt == "F16":
            vals = f16_bits_to_f32(np.frombuffer(raw, dtype="<u2"))
        elif dt == "BF16":
            vals = bf16_bits_to_f32(np.frombuffer(raw, dtype="<u2"))
        else:
            raise ValueError(dt)
        assert vals.size == int(np.prod(v["shape"], dtype=np.int64))
        tensors[k] = {"dtype": dt, "shape": v["shape"], "data_offsets": [b, e],
                      "absolute_offset": 8 + n + b, "nbytes": e - b,
                      "values": vals.reshape(v["shape"])}
    return {"header_length": n, "data_start": 8 + n, "metadata": meta, "tensors": tensors}


# ----------------------------------------------------------------------------------------------
# GGUF writer

GGUF_U8, GGUF_I8, GGUF_U16, GGUF_I16, GGUF_U32, GGUF_I32, GGUF_F32, GGUF_BOOL, GGUF_STRING, \
    GGUF_ARRAY, GGUF_U64, GGUF_I64, GGUF_F64 = range(13)
GGUF_TYPE_NAMES = ["u8", "i8", "u16", "i16", "u32", "i32", "f32", "bool", "string", "array",
                   "u64", "i64", "f64"]
GGUF_SCALAR_FMT = {GGUF_U8: "<B", GGUF_I8: "<b", GGUF_U16: "<H", GGUF_I16: "<h",
                   GGUF_U32: "<I", GGUF_I32: "<i", GGUF_F32: "<f", GGUF_BOOL: "<?",
                   GGUF_U64: "<Q", GGUF_I64: "<q", GGUF_F64: "<d"}

GGML_TYPES = {"F32": 0, "F16": 1, "Q4_0": 2, "Q4_1": 3, "Q5_0": 6, "Q5_1": 7, "Q8_0": 8,
              "Q4_K": 12, "Q5_K": 13, "Q6_K": 14, "Q8_K": 15, "BF16": 30}
GGML_TYPE_NAMES = {v: k for k, v in GGML_TYPES.items()}
# (values per block, bytes per block)
GGML_BLOCK = {"F32": (1, 4), "F16": (1, 2), "BF16": (1, 2), "Q4_0": (32, 18), "Q4_1": (32, 20),
              "Q5_0": (32, 22), "Q5_1": (32, 24), "Q8_0": (32, 34), "Q4_K": (256, 144),
              "Q5_K": (256, 176), "Q6_K": (256, 210), "Q8_K": (256, 292)}


def g_str(s):
    b = s.encode("utf-8")
    return struct.pack("<Q", len(b)) + b


def g_value(vtype, value, item_type=None):
    if vtype == GGUF_STRING:
        return g_str(value)
    if vtype == GGUF_ARRAY:
        out = struct.pack("<IQ", item_type, len(value))
        if item_type == GGUF_ARRAY:  # nested: each element is (its item type, its values)
            return out + b"".join(g_value(GGUF_ARRAY, vals, t) for t, vals in value)
        return out + b"".join(g_value(item_type, v) for v in value)
    return struct.pack(GGUF_SCALAR_FMT[vtype], value)


def gguf_build(kvs, tensors, version=3, alignment=32, magic=b"GGUF", tensor_count=None,
               kv_count=None):
    """kvs: list of (key, type, value[, item_type]); tensors: list of (name, ne, type name,
    data bytes).  Returns (file bytes, layout) where layout records where things went."""
    layout = {"kv_value_at": {}, "tensor_info_at": {}}
    out = bytearray()
    out += magic
    out += struct.pack("<I", version)
    out += struct.pack("<Q", len(tensors) if tensor_count is None else tensor_count)
    out += struct.pack("<Q", len(kvs) if kv_count is None else kv_count)
    for kv in kvs:
        key, vtype, value = kv[:3]
        item_type = kv[3] if len(kv) > 3 else None
        out += g_str(key)
        out += struct.pack("<I", vtype)
        layout["kv_value_at"][key] = len(out)
        out += g_value(vtype, value, item_type)
    offsets = {}
    pos = 0
    for name, ne, tname, data in tensors:
        offsets[name] = pos
        pos += len(data)
        pos += (alignment - pos % alignment) % alignment
    for name, ne, tname, data in tensors:
        layout["tensor_info_at"][name] = len(out)
        out += g_str(name)
        out += struct.pack("<I", len(ne))
        out += b"".join(struct.pack("<Q", n) for n in ne)
        out += struct.pack("<I", GGML_TYPES[tname] if isinstance(tname, str) else tname)
        out += struct.pack("<Q", offsets[name])
    out += b"\0" * ((alignment - len(out) % alignment) % alignment)
    layout["data_start"] = len(out)
    for name, ne, tname, data in tensors:
        assert len(out) - layout["data_start"] == offsets[name]
        out += data
        out += b"\0" * ((alignment - len(out) % alignment) % alignment)
    layout["offsets"] = offsets
    return bytes(out), layout


# ----------------------------------------------------------------------------------------------
# GGUF reader (independent of the writer above: parses the bytes)


class GgufReader:
    def __init__(self, blob):
        self.b = blob
        self.p = 0

    def take(self, fmt):
        v = struct.unpack_from(fmt, self.b, self.p)
        self.p += struct.calcsize(fmt)
        return v[0]

    def string(self):
        n = self.take("<Q")
        assert self.p + n <= len(self.b)
        s = self.b[self.p:self.p + n].decode("utf-8")
        self.p += n
        return s

    def value(self, t):
        if t == GGUF_STRING:
            return self.string()
        if t == GGUF_ARRAY:
            it = self.take("<I")
            n = self.take("<Q")
            return ("array", it, [self.value(it) for _ in range(n)])
        return self.take(GGUF_SCALAR_FMT[t])


def gguf_read(path):
    with open(path, "rb") as f:
        blob = f.read()
    r = GgufReader(blob)
    assert blob[:4] == b"GGUF"
    r.p = 4
    version = r.take("<I")
    assert version in (2, 3)
    n_tensors = r.take("<Q")
    n_kv = r.take("<Q")
    kv = {}
    kv_types = {}
    for _ in range(n_kv):
        k = r.string()
        t = r.take("<I")
        kv[k] = r.value(t)
        kv_types[k] = t
    alignment = kv.get("general.alignment", 32)
    assert kv_types.get("general.alignment", GGUF_U32) == GGUF_U32
    infos = []
    for _ in range(n_tensors):
        name = r.string()
        nd = r.take("<I")
        ne = [r.take("<Q") for _ in range(nd)]
        t = r.take("<I")
        off = r.take("<Q")
        assert off % alignment == 0
        infos.append({"name": name, "ne": ne, "ggml_type": t, "offset": off})
    data_start = r.p + (alignment - r.p % alignment) % alignment
    for info in infos:
        tname = GGML_TYPE_NAMES[info["ggml_type"]]
        bv, bb = GGML_BLOCK[tname]
        n = int(np.prod(info["ne"], dtype=np.int64))
        assert info["ne"][0] % bv == 0
        info["type_name"] = tname
        info["nbytes"] = n // bv * bb
        info["absolute_offset"] = data_start + info["offset"]
        assert info["absolute_offset"] + info["nbytes"] <= len(blob)
        raw = blob[info["absolute_offset"]:info["absolute_offset"] + info["nbytes"]]
        rows = n // info["ne"][0]
        info["values"] = dequantize(tname, raw, n).reshape(rows, info["ne"][0])
    return {"version": version, "alignment": alignment, "kv": kv, "kv_types": kv_types,
            "tensor_count": n_tensors, "kv_count": n_kv, "tensor_data_offset": data_start,
            "tensors": infos}


# ----------------------------------------------------------------------------------------------
# quantisers (ours; any valid blocks will do)


def _nearest(x):
    return np.floor(np.asarray(x, dtype=np.float64) + 0.5).astype(np.int64)


def q8_0(x):
    b = x.reshape(-1, 32).astype(F32)
    amax = np.abs(b).max(axis=1)
    d = f16_bits_to_f32(f16_bits(amax / F32(127)))
    inv = np.where(d > 0, 1 / np.where(d > 0, d, 1), 0).astype(np.float64)
    q = np.clip(_nearest(b * inv[:, None]), -128, 127).astype(np.int8)
    out = np.zeros((b.shape[0], 34), np.uint8)
    out[:, 0:2] = f16_bits(d).astype("<u2").view(np.uint8).reshape(-1, 2)
    out[:, 2:] = q.view(np.uint8)
    return out.tobytes()


def _absmax_signed(b):
    i = np.argmax(np.abs(b), axis=1)
    return b[np.arange(b.shape[0]), i]


def _pack_nibbles(q):
    """32 values per block: bytes j = q[j] | q[j+16] << 4."""
    return (q[:, :16] | (q[:, 16:] << 4)).astype(np.uint8)


def q4_0(x):
    b = x.reshape(-1, 32).astype(F32)
    d = f16_bits_to_f32(f16_bits(_absmax_signed(b) / F32(-8)))
    inv = np.where(d != 0, 1 / np.where(d != 0, d, 1), 0)
    q = np.clip(_nearest(b * inv[:, None]) + 8, 0, 15)
    q[d == 0] = 8
    out = np.zeros((b.shape[0], 18), np.uint8)
    out[:, 0:2] = f16_bits(d).astype("<u2").view(np.uint8).reshape(-1, 2)
    out[:, 2:] = _pack_nibbles(q)
    return out.tobytes()


def q4_1(x):
    b = x.reshape(-1, 32).astype(F32)
    mn, mx = b.min(axis=1), b.max(axis=1)
    d = f16_bits_to_f32(f16_bits((mx - mn) / F32(15)))
    m = f16_bits_to_f32(f16_bits(mn))
    inv = np.where(d > 0, 1 / np.where(d > 0, d, 1), 0)
    q = np.clip(_nearest((b - m[:, None]) * inv[:, None]), 0, 15)
    out = np.zeros((b.shape[0], 20), np.uint8)
    out[:, 0:2] = f16_bits(d).astype("<u2").view(np.uint8).reshape(-1, 2)
    out[:, 2:4] = f16_bits(m).astype("<u2").view(np.uint8).reshape(-1, 2)
    out[:, 4:] = _pack_nibbles(q)
    return out.tobytes()


def _q5_bits(q):
    """q: (blocks, 32) values 0..31 -> (qh u32 little-endian bytes, qs nibbles)."""
    hi = (q >> 4) & 1
    qh = np.zeros(q.shape[0], np.uint64)
    for j in range(32):
        qh |= hi[:, j].astype(np.uint64) << np.uint64(j)
    return qh.astype("<u4").view(np.uint8).reshape(-1, 4), _pack_nibbles(q & 0xF)


def q5_0(x):
    b = x.reshape(-1, 32).astype(F32)
    d = f16_bits_to_f32(f16_bits(_absmax_signed(b) / F32(-16)))
    inv = np.where(d != 0, 1 / np.where(d != 0, d, 1), 0)
    q = np.clip(_nearest(b * inv[:, None]) + 16, 0, 31)
    q[d == 0] = 16
    qh, qs = _q5_bits(q)
    out = np.zeros((b.shape[0], 22), np.uint8)
    out[:, 0:2] = f16_bits(d).astype("<u2").view(np.uint8).reshape(-1, 2)
    out[:, 2:6] = qh
    out[:, 6:] = qs
    return out.tobytes()


def q5_1(x):
    b = x.reshape(-1, 32).astype(F32)
    mn, mx = b.min(axis=1), b.max(axis=1)
    d = f16_bits_to_f32(f16_bits((mx - mn) / F32(31)))
    m = f16_bits_to_f32(f16_bits(mn))
    inv = np.where(d > 0, 1 / np.where(d > 0, d, 1), 0)
    q = np.clip(_nearest((b - m[:, None]) * inv[:, None]), 0, 31)
    qh, qs = _q5_bits(q)
    out = np.zeros((b.shape[0], 24), np.uint8)
    out[:, 0:2] = f16_bits(d).astype("<u2").view(np.uint8).reshape(-1, 2)
    out[:, 2:4] = f16_bits(m).astype("<u2").view(np.uint8).reshape(-1, 2)
    out[:, 4:8] = qh
    out[:, 8:] = qs
    return out.tobytes()


def _k_scales(sb, nmax):
    """Type-1 K-quant super-block: 8 sub-blocks of 32.  Returns d, dmin (f16-rounded floats),
    sc[8], m[8] (6-bit), the 12 packed scale bytes and the codes q[256] in 0..nmax."""
    sub = sb.reshape(8, 32)
    lo = np.minimum(sub.min(axis=1), 0)          # value = d*sc*q - dmin*m, with dmin*m >= 0
    scale = (sub.max(axis=1) - lo) / F32(nmax)
    d = fl(f16_bits_to_f32(f16_bits(scale.max() / F32(63))))
    dmin = fl(f16_bits_to_f32(f16_bits((-lo).max() / F32(63))))
    sc = np.clip(_nearest(scale / d), 0, 63) if d > 0 else np.zeros(8, np.int64)
    m = np.clip(_nearest(-lo / dmin), 0, 63) if dmin > 0 else np.zeros(8, np.int64)
    packed = np.zeros(12, np.uint8)
    for j in range(4):
        packed[j] = (sc[j] & 63) | ((sc[j + 4] >> 4) << 6)
        packed[j + 4] = (m[j] & 63) | ((m[j + 4] >> 4) << 6)
        packed[j + 8] = (sc[j + 4] & 0xF) | ((m[j + 4] & 0xF) << 4)
    q = np.zeros((8, 32), np.int64)
    for j in range(8):
        dj = F32(d) * F32(sc[j])
        if dj == 0:
            continue
        mj = F32(dmin) * F32(m[j])
        q[j] = np.clip(_nearest((sub[j].astype(np.float64) + mj) / dj), 0, nmax)
    return d, dmin, packed, q.reshape(256)


def q4_k(x):
    out = []
    for sb in x.reshape(-1, 256).astype(F32):
        d, dmin, packed, q = _k_scales(sb, 15)
        qs = np.zeros(128, np.uint8)
        for c in range(4):
            qs[32 * c:32 * c + 32] = q[64 * c:64 * c + 32] | (q[64 * c + 32:64 * c + 64] << 4)
        out.append(f16_bits([d, dmin]).astype("<u2").tobytes() + packed.tobytes()
                   + qs.tobytes())
    return b"".join(out)


def q5_k(x):
    out = []
    for sb in x.reshape(-1, 256).astype(F32):
        d, dmin, packed, q = _k_scales(sb, 31)
        qs = np.zeros(128, np.uint8)
        qh = np.zeros(32, np.uint8)
        for c in range(4):
            a, b = q[64 * c:64 * c + 32], q[64 * c + 32:64 * c + 64]
            qs[32 * c:32 * c + 32] = (a & 0xF) | ((b & 0xF) << 4)
            qh |= (((a >> 4) & 1) << (2 * c)).astype(np.uint8)
            qh |= (((b >> 4) & 1) << (2 * c + 1)).astype(np.uint8)
        out.append(f16_bits([d, dmin]).astype("<u2").tobytes() + packed.tobytes()
                   + qh.tobytes() + qs.tobytes())
    return b"".join(out)


def q6_k(x):
    out = []
    for sb in x.reshape(-1, 256).astype(F32):
        sub = sb.reshape(16, 16)
        s = np.abs(sub).max(axis=1) / F32(31)
        d = fl(f16_bits_to_f32(f16_bits(s.max() / F32(127))))
        sc = np.clip(_nearest(s / d), -128, 127) if d > 0 else np.zeros(16, np.int64)
        q = np.full((16, 16), 32, np.int64)
        for j in range(16):
            dj = F32(d) * F32(sc[j])
            if dj != 0:
                q[j] = np.clip(_nearest(sub[j].astype(np.float64) / dj), -32, 31) + 32
        q = q.reshape(256)
        ql = np.zeros(128, np.uint8)
        qh = np.zeros(64, np.uint8)
        for h in range(2):
            e = q[128 * h:128 * h + 128]
            for k in range(4):
                part = e[32 * k:32 * k + 32]
                lo_idx = 64 * h + (32 if k % 2 else 0)
                shift = 4 if k >= 2 else 0
                ql[lo_idx:lo_idx + 32] |= ((part & 0xF) << shift).astype(np.uint8)
                qh[32 * h:32 * h + 32] |= (((part >> 4) & 3) << (2 * k)).astype(np.uint8)
        out.append(ql.tobytes() + qh.tobytes() + sc.astype(np.int8).tobytes()
                   + f16_bits([d]).astype("<u2").tobytes())
    return b"".join(out)


def q8_k(x):
    out = []
    for sb in x.reshape(-1, 256).astype(F32):
        amax = np.abs(sb).max()
        d = F32(amax / F32(127))
        q = (np.clip(_nearest(sb.astype(np.float64) / d), -128, 127) if d > 0
             else np.zeros(256, np.int64))
        bsums = q.reshape(16, 16).sum(axis=1).astype("<i2")
        out.append(struct.pack("<f", d) + q.astype(np.int8).tobytes() + bsums.tobytes())
    return b"".join(out)


def encode_ggml(tname, x):
    x = np.ascontiguousarray(x, dtype=F32)
    if tname == "F32":
        return x.astype("<f4").tobytes()
    if tname == "F16":
        return f16_bits(x).astype("<u2").tobytes()
    if tname == "BF16":
        return f32_to_bf16_bits(x).astype("<u2").tobytes()
    return {"Q8_0": q8_0, "Q4_0": q4_0, "Q4_1": q4_1, "Q5_0": q5_0, "Q5_1": q5_1,
            "Q4_K": q4_k, "Q5_K": q5_k, "Q6_K": q6_k, "Q8_K": q8_k}[tname](x.ravel())


# ----------------------------------------------------------------------------------------------
# dequantisers: ggml's dequantize_row_* in numpy, float32 throughout


def _f16(raw_u8_pairs):
    return f16_bits_to_f32(np.ascontiguousarray(raw_u8_pairs).view("<u2").ravel())


def dequantize(tname, raw, n):
    buf = np.frombuffer(raw, dtype=np.uint8)
    if tname == "F32":
        return np.frombuffer(raw, dtype="<f4").astype(F32)
    if tname == "F16":
        return f16_bits_to_f32(np.frombuffer(raw, dtype="<u2"))
    if tname == "BF16":
        return bf16_bits_to_f32(np.frombuffer(raw, dtype="<u2"))
    bv, bb = GGML_BLOCK[tname]
    blk = buf.reshape(n // bv, bb)
    if tname == "Q8_0":
        d = _f16(blk[:, 0:2])
        qs = blk[:, 2:].view(np.int8).astype(F32)
        return (qs * d[:, None]).astype(F32).ravel()
    if tname in ("Q4_0", "Q4_1"):
        d = _f16(blk[:, 0:2])
        qs = blk[:, 2:] if tname == "Q4_0" else blk[:, 4:]
        x0 = (qs & 0x0F).astype(np.int32)
        x1 = (qs >> 4).astype(np.int32)
        q = np.concatenate([x0, x1], axis=1)           # y[j] from low, y[j+16] from high
        if tname == "Q4_0":
            return ((q - 8).astype(F32) * d[:, None]).astype(F32).ravel()
        m = _f16(blk[:, 2:4])
        return (q.astype(F32) * d[:, None] + m[:, None]).astype(F32).ravel()
    if tname in ("Q5_0", "Q5_1"):
        d = _f16(blk[:, 0:2])
        o = 2 if tname == "Q5_0" else 4
        qh = np.ascontiguousarray(blk[:, o:o + 4]).view("<u4").ravel().astype(np.uint64)
        qs = blk[:, o + 4:]
        j = np.arange(16, dtype=np.uint64)
        xh0 = ((qh[:, None] >> j) << np.uint64(4)) & np.uint64(0x10)
        xh1 = (qh[:, None] >> (j + np.uint64(12))) & np.uint64(0x10)
        x0 = (qs & 0x0F).astype(np.int64) | xh0.astype(np.int64)
        x1 = (qs >> 4).astype(np.int64) | xh1.astype(np.int64)
        q = np.concatenate([x0, x1], axis=1)
        if tname == "Q5_0":
            return ((q - 16).astype(F32) * d[:, None]).astype(F32).ravel()
        m = _f16(blk[:, 2:4])
        return (q.astype(F32) * d[:, None] + m[:, None]).astype(F32).ravel()
    if tname in ("Q4_K", "Q5_K"):
        y = np.zeros((blk.shape[0], 256), F32)
        for i, b in enumerate(blk):
            d, dmin = _f16(b[0:4])
            sc_bytes = b[4:16]
            if tname == "Q4_K":
                qs, qh = b[16:144], None
            else:
                qh, qs = b[16:48], b[48:176]
            for c in range(4):            # j = 0, 64, 128, 192 in ggml's loop; is = 2c
                for half in range(2):
                    sc, m = get_scale_min_k4(2 * c + half, sc_bytes)
                    d1 = F32(d) * F32(sc)
                    m1 = F32(dmin) * F32(m)
                    ql = qs[32 * c:32 * c + 32]
                    q = (ql & 0xF) if half == 0 else (ql >> 4)
                    q = q.astype(np.int32)
                    if qh is not None:
                        bit = np.uint8(1 << (2 * c + half))
                        q = q + np.where(qh & bit, 16, 0)
                    y[i, 64 * c + 32 * half:64 * c + 32 * half + 32] = \
                        (d1 * q.astype(F32)).astype(F32) - m1
        return y.ravel()
    if tname == "Q6_K":
        y = np.zeros((blk.shape[0], 256), F32)
        for i, b in enumerate(blk):
            ql_all, qh_all = b[0:128], b[128:192]
            sc_all = b[192:208].view(np.int8)
            d = _f16(b[208:210])[0]
            for h in range(2):                # n = 0, 128
                ql = ql_all[64 * h:64 * h + 64].astype(np.int32)
                qh = qh_all[32 * h:32 * h + 32].astype(np.int32)
                sc = sc_all[8 * h:8 * h + 8]
                l = np.arange(32)
                is_ = l // 16
                q1 = ((ql[l] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32
                q2 = ((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32
                q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32
                q4 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32
                base = 128 * h
                for k, qk in enumerate((q1, q2, q3, q4)):
                    s = sc[is_ + 2 * k].astype(F32)
                    y[i, base + 32 * k + l] = ((F32(d) * s).astype(F32) * qk.astype(F32))
        return y.ravel()
    if tname == "Q8_K":
        d = np.ascontiguousarray(blk[:, 0:4]).view("<f4").ravel().astype(F32)
        qs = blk[:, 4:260].view(np.int8).astype(F32)
        return (d[:, None] * qs).astype(F32).ravel()
    raise ValueError(tname)


def get_scale_min_k4(j, q):
    """ggml-quants.c get_scale_min_k4."""
    if j < 4:
        return int(q[j] & 63), int(q[j + 4] & 63)
    return (int((q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4)),
            int((q[j + 4] >> 4) | ((q[j] >> 6) << 4)))


# ----------------------------------------------------------------------------------------------
# output helpers


def write(path, blob):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(blob)


def write_json(path, obj, indent=2, ensure_ascii=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=indent, ensure_ascii=ensure_ascii)
        f.write("\n")


def rel(path):
    return os.path.relpath(path, OUT)


def files_entry(paths):
    return [{"file": rel(p), "bytes": os.path.getsize(p)} for p in paths]


def matrix_entry(values):
    values = np.asarray(values, dtype=F32)
    return ({"first_rows": {str(i): row_list(values[i]) for i in range(min(3, len(values)))},
             "last_row": {"index": len(values) - 1, "values": row_list(values[-1])}},
            [fsum32(r) for r in values])


def vocab_rows(rows, vocab):
    """vocab: list of (token, kind, label) by id.  Rows past it are padding."""
    labels, tokens, ids, kinds = [], [], [], []
    for r in range(rows):
        if r < len(vocab):
            tok, kind, label = vocab[r]
            labels.append(label)
            tokens.append(tok)
            ids.append(r)
            kinds.append(kind)
        else:
            labels.append("<pad %d>" % r)
            tokens.append(None)
            ids.append(None)
            kinds.append("padding")
    return {"labels": labels, "tokens": tokens, "token_ids": ids, "kinds": kinds}


def st_tensor_entries(read, fname):
    out = []
    for name, t in sorted(read["tensors"].items(), key=lambda kv: kv[1]["data_offsets"][0]):
        out.append({"name": name, "file": fname, "dtype": t["dtype"], "shape": t["shape"],
                    "data_offsets": t["data_offsets"], "absolute_offset": t["absolute_offset"],
                    "nbytes": t["nbytes"], "sum": fsum32(t["values"])})
    return out


def st_model_entry(model_dir, st_files, emb_file, emb_name, vocab, vocab_source, style,
                   fmt="safetensors", extra_files=()):
    reads = {f: st_read(os.path.join(model_dir, f)) for f in st_files}
    t = reads[emb_file]["tensors"][emb_name]
    rows, dims = t["shape"]
    values, sums = matrix_entry(t["values"])
    tensors = []
    for f in st_files:
        tensors += st_tensor_entries(reads[f], rel(os.path.join(model_dir, f)))
    all_files = [os.path.join(model_dir, f) for f in list(st_files) + list(extra_files)]
    entry = {
        "format": fmt,
        "files": files_entry(sorted(all_files)),
        "embedding": {"tensor": emb_name, "file": rel(os.path.join(model_dir, emb_file)),
                      "dtype": t["dtype"], "rows": rows,
                      "dims": dims, "shape": t["shape"], "data_offset": t["absolute_offset"],
                      "nbytes": t["nbytes"]},
        "values": values,
        "row_sums": sums,
        "vocabulary": {"source": vocab_source, "style": style, "size": len(vocab),
                       "rows": rows},
    }
    entry.update(vocab_rows(rows, vocab))
    entry["tensors"] = tensors
    entry["safetensors"] = {rel(os.path.join(model_dir, f)): {"header_length": r["header_length"],
                                "data_start": r["data_start"], "metadata": r["metadata"]}
                            for f, r in reads.items()}
    return entry


# ----------------------------------------------------------------------------------------------
# vocabularies

GPT2_WORDS = [
    # (token as text or raw bytes, note)
    "!", "\"", "#", "a", "e", "i", "n", "s", "t", "h",
    " ", "\n", "\t", "  ", "\n\n",
    "the", " the", " king", " queen", " man", " woman", " play", " playing", "ing", "er", "ed",
    " caf", b"\xc3", b"\xa9", "é", " café", b" caf\xc3", b"\xa9s",
    " na", "ï", "ve", " naïve",
    b"\xf0\x9f", b"\x98\x80", " 😀", "中", "文", " 中文",
    " dog", " cat", " is", " of", " and", " to", " in", " it", " you", " he", " she",
    " a", " an", "ly", ",", ".", " New", " York", " go", " up",
]


def gpt2_vocab():
    toks = []
    for w in GPT2_WORDS:
        toks.append(gpt2_token_of_bytes(w) if isinstance(w, bytes) else gpt2_token(w))
    toks.append("<|endoftext|>")
    assert len(toks) == 64 and len(set(toks)) == 64, len(toks)
    return toks


LLAMA_PIECES = [
    ("<unk>", "unknown"), ("<s>", "special"), ("</s>", "special"),
    ("<0x00>", "byte"), ("<0x09>", "byte"), ("<0x0A>", "byte"), ("<0x20>", "byte"),
    ("<0x41>", "byte"), ("<0xC3>", "byte"), ("<0xA9>", "byte"), ("<0xE2>", "byte"),
    ("<0x96>", "byte"), ("<0x81>", "byte"), ("<0xFF>", "byte"),
] + [(p, "normal") for p in [
    "\u2581", "\u2581\u2581", "\u2581the", "\u2581king", "\u2581queen", "\u2581man",
    "\u2581woman", "\u2581play", "ing", "\u2581caf", "é", "\u2581café", "\u2581na", "ï", "ve",
    "s", "ed", "er", "\u2581a", "\u2581is", "\u2581of", "\u2581and", "\u2581to", "\u2581in",
    "\u2581dog", "\u2581cat", "\u2581New", "\u2581York", "\u2581New\u2581York", "中", "文",
    "\u2581中文", ",", ".", "!", "\u2581it", "\u2581you", "\u2581he", "\u2581she", "ly", "t",
    "h", "e", "a", "n", "o", "r", "l", "d", "u", "c", "m", "\u2581b",
]]
LLAMA_ADDED_USER = "<|extra_0|>"     # id 67: in added_tokens only, special false


def sp_vocab(pieces):
    return [(p, k, sentencepiece_label(p, k)) for p, k in pieces]


BERT_TOKENS = ["[PAD]", "[unused0]", "[unused1]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
               "the", "king", "queen", "man", "woman", "play", "##ing", "##ed", "##s", "a",
               "is", "of", "and", "café", "naïve", "中", "##文", ".", ",", "!", "dog", "cat",
               "##ly"]


def bert_kind(t):
    if t == "[UNK]":
        return "unknown"
    if t in ("[PAD]", "[CLS]", "[SEP]", "[MASK]"):
        return "special"
    if t.startswith("[unused"):
        return "unused"
    return "normal"


T5_PIECES = [("<pad>", "special", 0.0), ("</s>", "special", 0.0), ("<unk>", "unknown", 0.0)] + [
    (p, "normal", s) for p, s in [
        ("\u2581", -2.5), ("\u2581the", -3.0), ("\u2581king", -9.25), ("\u2581queen", -9.5),
        ("\u2581man", -8.0), ("\u2581woman", -8.75), ("s", -4.0), ("ed", -5.5), ("\u2581a", -3.5),
        ("\u2581is", -4.25), ("\u2581of", -3.75), ("\u2581café", -11.0), ("\u2581New", -7.5),
        ("\u2581😀", -12.0), (".", -3.25)]] + [("<extra_id_0>", "special", 0.0)]

GGUF_TOKENS = [
    ("<unk>", 2), ("<s>", 3), ("</s>", 3),
    ("<0x00>", 6), ("<0x0A>", 6), ("<0x20>", 6), ("<0x41>", 6), ("<0xC3>", 6), ("<0xA9>", 6),
    ("<0xFF>", 6),
] + [(p, 1) for p in [
    "\u2581", "\u2581the", "\u2581king", "\u2581queen", "\u2581man", "\u2581woman", "ing",
    "\u2581play", "\u2581caf", "é", "\u2581café", "\u2581\u2581", "\u2581New\u2581York", "中",
    "文", "s", "ed", "\u2581a", "\u2581is", "\u2581of", "\u2581and", "\u2581to", "\u2581in", "er",
    "\u2581dog", "\u2581cat"]] + [
    ("<|im_start|>", 4), ("<|im_end|>", 4), ("<unused0>", 5), ("<unused1>", 5)]
GGUF_KIND = {1: "normal", 2: "unknown", 3: "special", 4: "user-defined", 5: "unused", 6: "byte"}


# ----------------------------------------------------------------------------------------------
# model builders


def gpt2_tokenizer_json(toks):
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [{"id": len(toks) - 1, "content": "<|endoftext|>", "single_word": False,
                          "lstrip": False, "rstrip": False, "normalized": True,
                          "special": True}],
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True,
                          "use_regex": True},
        "post_processor": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False,
                           "use_regex": True},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True,
                    "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None,
                  "continuing_subword_prefix": "", "end_of_word_suffix": "", "fuse_unk": False,
                  "byte_fallback": False, "vocab": {t: i for i, t in enumerate(toks)},
                  "merges": ["Ġ t", "h e", "Ġt he", "i n", "in g", "Ġ k", "Ġk ing"]},
    }


def make_gpt2(models):
    rs = np.random.RandomState(1001)
    V, D = 64, 16
    wte = (rs.standard_normal((V, D)) * 0.4).astype(F32)
    wte[1] *= F32(10)                                 # a row of large values
    wte[V - 1] = (rs.standard_normal(D) * 1e-4).astype(F32)   # tiny row (F16 subnormals)
    others = {
        "wpe.weight": (rs.standard_normal((32, D)) * 0.1).astype(F32),
        "h.0.ln_1.weight": (1 + rs.standard_normal(D) * 0.05).astype(F32),
        "h.0.ln_1.bias": (rs.standard_normal(D) * 0.01).astype(F32),
        "h.0.attn.c_attn.weight": (rs.standard_normal((D, 3 * D)) * 0.2).astype(F32),
        "ln_f.weight": (1 + rs.standard_normal(D) * 0.05).astype(F32),
    }
    toks = gpt2_vocab()
    vocab_json = {t: i for i, t in enumerate(toks)}
    for sub, dtype in (("gpt2-tiny", "F32"), ("gpt2-tiny-f16", "F16"),
                       ("gpt2-tiny-bf16", "BF16")):
        d = os.path.join(OUT, sub)
        tensors = dict(others)
        tensors["wte.weight"] = wte
        entries = [(n, dtype, tensors[n].shape, encode_tensor(tensors[n], dtype))
                   for n in sorted(tensors)]
        blob, _ = st_build(entries, {"format": "pt"})
        write(os.path.join(d, "model.safetensors"), blob)
        # like GPT-2's own vocab.json: one line, non-ASCII as \uXXXX escapes
        write_json(os.path.join(d, "vocab.json"), vocab_json, indent=None, ensure_ascii=True)
        extra = ["vocab.json"]
        if sub == "gpt2-tiny":
            write_json(os.path.join(d, "tokenizer.json"), gpt2_tokenizer_json(toks))
            extra.append("tokenizer.json")
            vocab = [(t, "special" if i == V - 1 else "normal", bytelevel_label(t))
                     for i, t in enumerate(toks)]
            source = "tokenizer.json"
        else:
            vocab = [(t, "normal", bytelevel_label(t)) for t in toks]
            source = "vocab.json"
        e = st_model_entry(d, ["model.safetensors"], "model.safetensors", "wte.weight", vocab,
                           source, "byte-level-bpe", extra_files=extra)
        ref = stored_values(wte, dtype)
        got = st_read(os.path.join(d, "model.safetensors"))["tensors"]["wte.weight"]["values"]
        assert np.array_equal(ref.view(np.uint32), got.view(np.uint32))
        models[rel(d)] = e
    # sanity of the label rules
    lab = {t: bytelevel_label(t) for t in toks}
    assert lab["Ġking"] == " king" and lab["Ċ"] == "\\n" and lab["Ã"] == "<0xC3>"
    assert lab["©"] == "<0xA9>" and lab["Ã©"] == "é" and lab["ĠcafÃ"] == " caf<0xC3>"
    assert lab["ðŁ"] == "<0xF0><0x9F>" and lab[gpt2_token(" 😀")] == " 😀"


def make_llama(models):
    rs = np.random.RandomState(2002)
    V, D = 72, 24
    emb = (rs.standard_normal((V, D)) * 0.02).astype(F32)
    emb[V - 4:] = 0                                   # padding rows, zero as in real models
    emb[V - 1, 0] = F32(1e-3)
    head = (rs.standard_normal((V, D)) * 0.05).astype(F32)
    q_proj = (rs.standard_normal((D, D)) * 0.1).astype(F32)
    ln = (1 + rs.standard_normal(D) * 0.01).astype(F32)
    norm = (1 + rs.standard_normal(D) * 0.01).astype(F32)
    d = os.path.join(OUT, "llama-tiny-sharded")
    shard1, shard2 = "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"
    s1 = [("model.embed_tokens.weight", "BF16", emb),
          ("model.layers.0.input_layernorm.weight", "BF16", ln),
          ("model.layers.0.self_attn.q_proj.weight", "BF16", q_proj)]
    s2 = [("lm_head.weight", "F32", head), ("model.norm.weight", "F32", norm)]
    weight_map = {}
    total = 0
    for fname, ts in ((shard1, s1), (shard2, s2)):
        entries = [(n, dt, x.shape, encode_tensor(x, dt)) for n, dt, x in ts]
        blob, _ = st_build(entries, {"format": "pt"})
        write(os.path.join(d, fname), blob)
        for n, dt, x in ts:
            weight_map[n] = fname
            total += len(encode_tensor(x, dt))
    write_json(os.path.join(d, "model.safetensors.index.json"),
               {"metadata": {"total_size": total},
                "weight_map": dict(sorted(weight_map.items()))})
    write_json(os.path.join(d, "config.json"), {
        "architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 24,
        "intermediate_size": 64, "num_attention_heads": 2, "num_hidden_layers": 1,
        "num_key_value_heads": 2, "vocab_size": 72, "max_position_embeddings": 128,
        "rms_norm_eps": 1e-06, "tie_word_embeddings": False, "torch_dtype": "bfloat16",
        "bos_token_id": 1, "eos_token_id": 2})
    pieces = list(LLAMA_PIECES)
    assert len(pieces) == 67, len(pieces)
    tok = {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [
            {"id": 0, "content": "<unk>", "single_word": False, "lstrip": False,
             "rstrip": False, "normalized": False, "special": True},
            {"id": 1, "content": "<s>", "single_word": False, "lstrip": False,
             "rstrip": False, "normalized": False, "special": True},
            {"id": 2, "content": "</s>", "single_word": False, "lstrip": False,
             "rstrip": False, "normalized": False, "special": True},
            {"id": 67, "content": LLAMA_ADDED_USER, "single_word": False, "lstrip": False,
             "rstrip": False, "normalized": False, "special": False}],
        "normalizer": {"type": "Sequence", "normalizers": [
            {"type": "Prepend", "prepend": "\u2581"},
            {"type": "Replace", "pattern": {"String": " "}, "content": "\u2581"}]},
        "pre_tokenizer": None,
        "post_processor": None,
        "decoder": {"type": "Sequence", "decoders": [
            {"type": "Replace", "pattern": {"String": "\u2581"}, "content": " "},
            {"type": "ByteFallback"}, {"type": "Fuse"},
            {"type": "Strip", "content": " ", "start": 1, "stop": 0}]},
        "model": {"type": "BPE", "dropout": None, "unk_token": "<unk>",
                  "continuing_subword_prefix": None, "end_of_word_suffix": None,
                  "fuse_unk": True, "byte_fallback": True,
                  "vocab": {p: i for i, (p, _) in enumerate(pieces)},
                  "merges": [["\u2581", "t"], ["h", "e"], ["\u2581t", "he"], ["i", "n"],
                             ["in", "g"]]},
    }
    write_json(os.path.join(d, "tokenizer.json"), tok)
    vocab = sp_vocab(pieces) + [(LLAMA_ADDED_USER, "user-defined", LLAMA_ADDED_USER)]
    e = st_model_entry(d, [shard1, shard2], shard1, "model.embed_tokens.weight", vocab,
                       "tokenizer.json", "sentencepiece-bpe", fmt="safetensors-sharded",
                       extra_files=["model.safetensors.index.json", "config.json",
                                    "tokenizer.json"])
    e["index"] = {"file": rel(os.path.join(d, "model.safetensors.index.json")),
                  "weight_map": weight_map,
                  "total_size": total}
    assert e["labels"][pieces.index(("\u2581king", "normal"))] == " king"
    assert e["labels"][71] == "<pad 71>"
    models[rel(d)] = e


def make_bert(models):
    rs = np.random.RandomState(3003)
    V, D = 30, 8
    d = os.path.join(OUT, "bert-tiny")
    ts = {
        "embeddings.word_embeddings.weight": (rs.standard_normal((V, D)) * 0.05).astype(F32),
        "embeddings.position_embeddings.weight": (rs.standard_normal((16, D)) * 0.05).astype(F32),
        "embeddings.token_type_embeddings.weight": (rs.standard_normal((2, D)) * 0.05).astype(F32),
        "embeddings.LayerNorm.weight": (1 + rs.standard_normal(D) * 0.01).astype(F32),
        "embeddings.LayerNorm.bias": (rs.standard_normal(D) * 0.01).astype(F32),
    }
    entries = [(n, "F32", ts[n].shape, encode_tensor(ts[n], "F32")) for n in sorted(ts)]
    blob, _ = st_build(entries, {"format": "pt"})
    write(os.path.join(d, "model.safetensors"), blob)
    assert len(BERT_TOKENS) == V
    with open(os.path.join(d, "vocab.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(t + "\n" for t in BERT_TOKENS))
    vocab = [(t, bert_kind(t), t) for t in BERT_TOKENS]
    models[rel(d)] = st_model_entry(d, ["model.safetensors"], "model.safetensors",
                                    "embeddings.word_embeddings.weight", vocab, "vocab.txt",
                                    "wordpiece", extra_files=["vocab.txt"])


def make_t5(models):
    rs = np.random.RandomState(4004)
    V, D = 20, 8
    d = os.path.join(OUT, "t5-tiny")
    shared = (rs.standard_normal((V, D)) * 3.0).astype(F32)
    shared[V - 1] = 0
    entries = [
        ("encoder.block.0.layer.0.SelfAttention.q.weight", "F16", (D, D),
         encode_tensor((rs.standard_normal((D, D)) * 0.3).astype(F32), "F16")),
        ("encoder.final_layer_norm.weight", "F32", (D,),
         encode_tensor((1 + rs.standard_normal(D) * 0.05).astype(F32), "F32")),
        ("shared.weight", "F16", (V, D), encode_tensor(shared, "F16")),
    ]
    blob, _ = st_build(entries, {"format": "pt"})
    write(os.path.join(d, "model.safetensors"), blob)
    assert len(T5_PIECES) == V - 1
    tok = {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [
            {"id": i, "content": p, "single_word": False, "lstrip": False, "rstrip": False,
             "normalized": False, "special": True}
            for i, (p, k, s) in enumerate(T5_PIECES) if k != "normal"],
        "normalizer": None,
        "pre_tokenizer": {"type": "Metaspace", "replacement": "\u2581",
                          "prepend_scheme": "always", "split": True},
        "post_processor": None,
        "decoder": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always",
                    "split": True},
        "model": {"type": "Unigram", "unk_id": 2,
                  "vocab": [[p, s] for p, k, s in T5_PIECES], "byte_fallback": False},
    }
    # written with \uXXXX escapes (the emoji as a surrogate pair), unlike the other
    # tokenizer.json files, which hold raw UTF-8 as huggingface/tokenizers writes them
    write_json(os.path.join(d, "tokenizer.json"), tok, ensure_ascii=True)
    vocab = [(p, k, sentencepiece_label(p, k)) for p, k, s in T5_PIECES]
    models[rel(d)] = st_model_entry(d, ["model.safetensors"], "model.safetensors",
                                    "shared.weight", vocab, "tokenizer.json",
                                    "sentencepiece-unigram", extra_files=["tokenizer.json"])


GGUF_ALL_TYPES = ["F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q4_K", "Q5_K",
                  "Q6_K", "Q8_K"]
GGUF_ALIGN_64 = "Q6_K"            # tiny-Q6_K.gguf uses general.alignment = 64
GGUF_VALUE_TYPES_IN = "F32"       # tiny-F32.gguf also has a key of every value type


def gguf_embedding():
    rs = np.random.RandomState(5005)
    V, D = 40, 256
    x = (rs.standard_normal((V, D)) * 0.5).astype(F32)
    x[1, 17] = F32(8.0)                             # one outlier
    x[2] = 0                                        # an all-zero row (scales 0)
    x[5] = (0.1 + rs.random_sample(D) * 0.9).astype(F32)      # all positive (K-quant min 0)
    x[6] = (-0.1 - rs.random_sample(D) * 0.9).astype(F32)     # all negative
    x[V - 1] = (rs.standard_normal(D) * 1e-3).astype(F32)     # tiny: f16 subnormal scales
    norm = (1 + rs.standard_normal(D) * 0.05).astype(F32)
    rope = np.array([1.0, 0.5, 0.25, 0.125, 0.0625], dtype=F32)
    return x, norm, rope


def gguf_kvs(tname, alignment):
    toks = [t for t, _ in GGUF_TOKENS]
    types = [k for _, k in GGUF_TOKENS]
    scores = [0.0 if k != 1 else -0.25 * i for i, (t, k) in enumerate(GGUF_TOKENS)]
    kvs = [
        ("general.architecture", GGUF_STRING, "llama"),
        ("general.name", GGUF_STRING, "tiny"),
        ("general.alignment", GGUF_U32, alignment),
    ]
    if tname not in ("F32", "F16", "BF16"):
        kvs.append(("general.quantization_version", GGUF_U32, 2))
    kvs += [
        ("llama.context_length", GGUF_U32, 256),
        ("llama.embedding_length", GGUF_U32, 256),
        ("tokenizer.ggml.model", GGUF_STRING, "llama"),
        ("tokenizer.ggml.tokens", GGUF_ARRAY, toks, GGUF_STRING),
        ("tokenizer.ggml.scores", GGUF_ARRAY, scores, GGUF_F32),
        ("tokenizer.ggml.token_type", GGUF_ARRAY, types, GGUF_I32),
        ("tokenizer.ggml.bos_token_id", GGUF_U32, 1),
        ("tokenizer.ggml.eos_token_id", GGUF_U32, 2),
        ("tokenizer.ggml.unknown_token_id", GGUF_U32, 0),
    ]
    if tname == GGUF_VALUE_TYPES_IN:
        kvs += [
            ("vecspace.test.u8", GGUF_U8, 200), ("vecspace.test.i8", GGUF_I8, -100),
            ("vecspace.test.u16", GGUF_U16, 60000), ("vecspace.test.i16", GGUF_I16, -30000),
            ("vecspace.test.u32", GGUF_U32, 4000000000),
            ("vecspace.test.i32", GGUF_I32, -2000000000),
            ("vecspace.test.f32", GGUF_F32, 0.125), ("vecspace.test.bool", GGUF_BOOL, True),
            ("vecspace.test.string", GGUF_STRING, "café ▁ 中文"),
            ("vecspace.test.u64", GGUF_U64, 1 << 40), ("vecspace.test.i64", GGUF_I64, -(1 << 40)),
            ("vecspace.test.f64", GGUF_F64, 0.1),
            ("vecspace.test.empty_array", GGUF_ARRAY, [], GGUF_I32),
            ("general.tags", GGUF_ARRAY, ["test", "tiny"], GGUF_STRING),
        ]
    return kvs


def gguf_tensors(tname, x, norm, rope):
    return [("rope_freqs.weight", [5], "F32", encode_ggml("F32", rope)),
            ("token_embd.weight", [x.shape[1], x.shape[0]], tname, encode_ggml(tname, x)),
            ("output_norm.weight", [x.shape[1]], "F32", encode_ggml("F32", norm))]


def gguf_meta_json(read):
    meta = []
    for k, v in read["kv"].items():
        t = read["kv_types"][k]
        if t == GGUF_ARRAY:
            _, it, items = v
            meta.append({"key": k, "type": "array", "item_type": GGUF_TYPE_NAMES[it],
                         "length": len(items), "first5": [
                             fl(i) if it == GGUF_F32 else i for i in items[:5]]})
        else:
            meta.append({"key": k, "type": GGUF_TYPE_NAMES[t],
                         "value": fl(v) if t == GGUF_F32 else v})
    return meta


def make_gguf(models):
    x, norm, rope = gguf_embedding()
    d = os.path.join(OUT, "gguf")
    jobs = [(t, 3, "tiny-%s.gguf" % t) for t in GGUF_ALL_TYPES] + [("Q8_0", 2,
                                                                    "tiny-v2-Q8_0.gguf")]
    for tname, version, fname in jobs:
        alignment = 64 if (tname == GGUF_ALIGN_64 and version == 3) else 32
        blob, layout = gguf_build(gguf_kvs(tname, alignment), gguf_tensors(tname, x, norm, rope),
                                  version=version, alignment=alignment)
        path = os.path.join(d, fname)
        write(path, blob)
        r = gguf_read(path)
        assert r["tensor_data_offset"] == layout["data_start"]
        emb = next(t for t in r["tensors"] if t["name"] == "token_embd.weight")
        vals = emb["values"]
        err = float(np.max(np.abs(vals.astype(np.float64) - x.astype(np.float64))))
        # sanity of our quantisers: worst error over all rows (row 1 holds an 8.0 outlier)
        # and over the rows without it
        rest = np.delete(np.abs(vals.astype(np.float64) - x.astype(np.float64)), 1, axis=0)
        limit = {"F32": (0, 0), "F16": (1e-2, 1e-3), "BF16": (0.04, 0.01),
                 "Q8_0": (0.04, 0.01), "Q8_K": (0.04, 0.03), "Q6_K": (0.15, 0.04),
                 "Q5_0": (0.3, 0.12), "Q5_1": (0.3, 0.12), "Q5_K": (0.3, 0.12),
                 "Q4_0": (0.6, 0.25), "Q4_1": (0.6, 0.25), "Q4_K": (0.6, 0.25)}[tname]
        assert err <= limit[0] and rest.max() <= limit[1], (tname, err, rest.max())
        values, sums = matrix_entry(vals)
        toks = r["kv"]["tokenizer.ggml.tokens"][2]
        ttypes = r["kv"]["tokenizer.ggml.token_type"][2]
        vocab = [(t, GGUF_KIND[k], sentencepiece_label(t, GGUF_KIND[k]))
                 for t, k in zip(toks, ttypes)]
        e = {
            "format": "gguf",
            "files": files_entry([path]),
            "embedding": {"tensor": "token_embd.weight", "file": rel(path), "dtype": tname,
                          "ggml_type": GGML_TYPES[tname], "rows": vals.shape[0],
                          "dims": vals.shape[1], "shape": emb["ne"],
                          "data_offset": emb["absolute_offset"], "nbytes": emb["nbytes"]},
            "values": values,
            "row_sums": sums,
            "max_abs_quantisation_error": err,
            "vocabulary": {"source": "tokenizer.ggml.tokens", "style": "sentencepiece",
                           "size": len(toks), "rows": vals.shape[0]},
        }
        e.update(vocab_rows(vals.shape[0], vocab))
        e["tensors"] = [{"name": t["name"], "file": rel(path), "dtype": t["type_name"],
                         "ggml_type": t["ggml_type"], "ne": t["ne"], "offset": t["offset"],
                         "absolute_offset": t["absolute_offset"], "nbytes": t["nbytes"],
                         "sum": fsum32(t["values"])} for t in r["tensors"]]
        e["gguf"] = {"version": r["version"], "alignment": r["alignment"],
                     "tensor_count": r["tensor_count"], "kv_count": r["kv_count"],
                     "tensor_data_offset": r["tensor_data_offset"],
                     "metadata": gguf_meta_json(r),
                     "tensors": [{"name": t["name"], "ne": t["ne"], "ggml_type": t["ggml_type"],
                                  "type_name": t["type_name"], "offset": t["offset"]}
                                 for t in r["tensors"]]}
        models[rel(path)] = e
        print(f"{fname}: {len(blob)} bytes, token_embd {tname} at {emb['absolute_offset']}, "
              f"max |dequantised - original| = {err:.3g} ({rest.max():.3g} without row 1)")
    # labels
    lab = models["gguf/tiny-F32.gguf"]["labels"]
    assert lab[12] == " king" and lab[6] == "<0x41>" and lab[21] == "  "
    assert lab[22] == " New York"


# ----------------------------------------------------------------------------------------------
# bad files


def make_bad(bad):
    d = os.path.join(OUT, "bad")
    rs = np.random.RandomState(6006)
    m8 = (rs.standard_normal((8, 8))).astype(F32)
    ok_entries = [("wte.weight", "F32", (8, 8), encode_tensor(m8, "F32"))]

    def put(name, blob, what, must, facts, required=True):
        path = os.path.join(d, name)
        write(path, blob)
        bad[rel(path)] = {"what": what, "must_mention": [str(m) for m in must], "facts": facts,
                          "required": required, "bytes": len(blob)}

    def st_raw(header_obj_or_text, data, n_override=None):
        hb = (st_header_bytes(header_obj_or_text) if isinstance(header_obj_or_text, dict)
              else header_obj_or_text)
        n = len(hb) if n_override is None else n_override
        return struct.pack("<Q", n) + hb + data

    good, _ = st_build(ok_entries)
    # header length past the end of the file
    n_claim = 1000000
    blob = struct.pack("<Q", n_claim) + good[8:]
    put("st-header-length-past-eof.safetensors", blob,
        "safetensors header length N = 1000000 but the whole file is %d bytes" % len(blob),
        [n_claim, len(blob)],
        {"header_length": n_claim, "file_size": len(blob)})
    blob = struct.pack("<Q", (1 << 64) - 1) + good[8:]
    put("st-header-length-u64-max.safetensors", blob,
        "safetensors header length N = 2^64-1 (8 + N overflows a u64)",
        [(1 << 64) - 1], {"header_length": (1 << 64) - 1, "file_size": len(blob)})
    text = b'{"wte.weight":{"dtype":"F32","shape":[8,8],"data_offsets":[0,256]'
    text += b" " * ((8 - len(text) % 8) % 8)
    put("st-header-not-json.safetensors", st_raw(text, m8.astype("<f4").tobytes()),
        "header JSON is cut short (no closing brace): it does not parse",
        [], {"header_length": len(text)})
    text = b"[1,2,3] "
    put("st-header-not-object.safetensors", st_raw(text, b""),
        "header is valid JSON but an array, not an object", [], {"header_length": len(text)})
    hdr = {"wte.weight": {"dtype": "F32", "shape": [32, 32], "data_offsets": [0, 4096]}}
    put("st-offsets-past-data.safetensors", st_raw(hdr, m8.astype("<f4").tobytes()),
        "tensor wte.weight (F32 [32, 32], 4096 bytes, consistent with its shape) has "
        "data_offsets [0, 4096] but the byte buffer holds 256 bytes",
        ["wte.weight", 4096, 256], {"tensor": "wte.weight", "end": 4096, "buffer_size": 256})
    hdr = {"wpe.weight": {"dtype": "F32", "shape": [4, 8], "data_offsets": [128, 256]},
           "wte.weight": {"dtype": "F32", "shape": [8, 8], "data_offsets": [0, 256]}}
    put("st-overlapping-tensors.safetensors", st_raw(hdr, m8.astype("<f4").tobytes()),
        "wte.weight [0, 256) and wpe.weight [128, 256) overlap",
        ["wte.weight", "wpe.weight"], {"a": ["wte.weight", 0, 256], "b": ["wpe.weight", 128, 256]})
    hdr = {"wte.weight": {"dtype": "F32", "shape": [8, 8], "data_offsets": [0, 200]}}
    put("st-shape-bytes-mismatch.safetensors", st_raw(hdr, m8.astype("<f4").tobytes()[:200]),
        "wte.weight is F32 [8, 8] = 256 bytes but data_offsets span 200 bytes",
        ["wte.weight", 256, 200], {"tensor": "wte.weight", "expected": 256, "found": 200})
    hdr = {"wte.weight": {"dtype": "F8_E4M3", "shape": [8, 8], "data_offsets": [0, 64]}}
    put("st-dtype-f8-e4m3.safetensors", st_raw(hdr, bytes(range(64))),
        "a valid safetensors file whose embedding wte.weight is F8_E4M3 (unsupported dtype)",
        ["wte.weight", "F8_E4M3"], {"tensor": "wte.weight", "dtype": "F8_E4M3"})
    hdr = {"wte.weight": {"dtype": "I64", "shape": [8, 8], "data_offsets": [0, 512]}}
    put("st-dtype-i64.safetensors",
        st_raw(hdr, np.arange(64, dtype="<i8").tobytes()),
        "a valid safetensors file whose embedding wte.weight is I64 (not a float type)",
        ["wte.weight", "I64"], {"tensor": "wte.weight", "dtype": "I64"})
    blob, _ = st_build([("bar", "F32", (3,), encode_tensor(np.ones(3, F32), "F32")),
                        ("foo.weight", "F32", (4, 4), encode_tensor(np.eye(4, dtype=F32), "F32"))],
                       {"format": "pt"})
    put("st-no-embedding.safetensors", blob,
        "valid file with only foo.weight [4, 4] and bar [3]: no tensor named like an embedding "
        "(the reader must not guess foo.weight)", ["foo.weight", "bar"],
        {"tensors": ["bar", "foo.weight"]})
    hdr = {"wpe.weight": {"dtype": "F32", "shape": [2, 8], "data_offsets": [320, 384]},
           "wte.weight": {"dtype": "F32", "shape": [8, 8], "data_offsets": [0, 256]}}
    put("st-data-hole.safetensors", st_raw(hdr, m8.astype("<f4").tobytes() + bytes(128)),
        "bytes [256, 320) of the buffer belong to no tensor; the safetensors reference "
        "implementation rejects such holes (MetadataIncompleteBuffer), a lenient reader may "
        "accept the file", [256, 320], {"hole": [256, 320]}, required=False)

    # GGUF
    x, norm, rope = gguf_embedding()
    x = x[:8]
    kvs = [("general.architecture", GGUF_STRING, "llama"), ("general.name", GGUF_STRING, "tiny"),
           ("general.alignment", GGUF_U32, 32)]
    ts = [("token_embd.weight", [256, 8], "F32", encode_ggml("F32", x))]
    good, lay = gguf_build(kvs, ts)
    put("gguf-bad-magic.gguf", b"GGUX" + good[4:], "magic is 'GGUX' (47 47 55 58), not 'GGUF'",
        [], {"expected": "GGUF", "found": "GGUX"})
    put("gguf-version-4.gguf", gguf_build(kvs, ts, version=4)[0], "GGUF version 4 (only 2 and 3 "
        "exist)", [4], {"version": 4})
    put("gguf-version-1.gguf", gguf_build(kvs, ts, version=1)[0],
        "GGUF version 1 (llama.cpp no longer reads it; the rest of the file is laid out as "
        "v3, so a reader that ignores the version misreads it)", [1], {"version": 1})
    put("gguf-tensor-count-2e40.gguf", gguf_build(kvs, ts, tensor_count=1 << 40)[0],
        "tensor count 2^40 = 1099511627776 in a %d-byte file" % len(good), [1 << 40],
        {"tensor_count": 1 << 40, "file_size": len(good)})
    put("gguf-kv-count-2e40.gguf", gguf_build(kvs, ts, kv_count=1 << 40)[0],
        "metadata kv count 2^40 in a %d-byte file" % len(good), [1 << 40],
        {"kv_count": 1 << 40})
    blob = bytearray(good)
    at = lay["kv_value_at"]["general.name"]
    struct.pack_into("<Q", blob, at, 1000000)
    put("gguf-string-past-eof.gguf", bytes(blob),
        "the value of general.name claims 1000000 bytes; its length field is at byte offset %d "
        "and the file has %d bytes" % (at, len(blob)), [1000000],
        {"key": "general.name", "length_field_offset": at, "length": 1000000,
         "file_size": len(blob)})
    nested = kvs + [("tiny.nested", GGUF_ARRAY, [(GGUF_U32, [1, 2]), (GGUF_U32, [3])], GGUF_ARRAY)]
    put("gguf-nested-array.gguf", gguf_build(nested, ts)[0],
        "tiny.nested is an array of arrays (well formed: element type 9, two u32 arrays); "
        "ggml's gguf.cpp refuses nested arrays, and so must we", ["tiny.nested", "arrays"],
        {"key": "tiny.nested"})
    kv48 = kvs[:2] + [("general.alignment", GGUF_U32, 48)]
    put("gguf-alignment-48.gguf", gguf_build(kv48, ts, alignment=48)[0],
        "general.alignment = 48: a multiple of 8 (what gguf.md asks) but not a power of two "
        "(what ggml's gguf.cpp requires)", [48], {"alignment": 48})
    blob = bytearray(good)
    info = lay["tensor_info_at"]["token_embd.weight"]
    off_at = info + 8 + len("token_embd.weight") + 4 + 16 + 4
    struct.pack_into("<Q", blob, off_at, 1 << 20)
    put("gguf-tensor-offset-past-eof.gguf", bytes(blob),
        "token_embd.weight's offset is 1048576 (relative to the data section at %d) in a "
        "%d-byte file" % (lay["data_start"], len(blob)), ["token_embd.weight"],
        {"tensor": "token_embd.weight", "offset": 1 << 20, "data_start": lay["data_start"],
         "nbytes": 8192, "file_size": len(blob)})
    blob = bytearray(good)
    struct.pack_into("<Q", blob, off_at, 4)
    put("gguf-tensor-offset-misaligned.gguf", bytes(blob),
        "token_embd.weight's offset 4 is not a multiple of general.alignment 32",
        ["token_embd.weight", 4, 32], {"tensor": "token_embd.weight", "offset": 4,
                                        "alignment": 32})
    blob = bytearray(good)
    struct.pack_into("<I", blob, off_at - 4, 4)
    put("gguf-unknown-type.gguf", bytes(blob),
        "token_embd.weight has ggml type 4 (Q4_2, removed from ggml)",
        ["token_embd.weight", 4], {"tensor": "token_embd.weight", "ggml_type": 4})
    q = encode_ggml("Q4_K", x[:4])                   # 4 blocks = 1024 values = 128 x 8
    ts128 = [("token_embd.weight", [128, 8], "Q4_K", q)]
    put("gguf-ne0-not-block-multiple.gguf", gguf_build(kvs, ts128)[0],
        "token_embd.weight is Q4_K (256 values per block) with ne[0] = 128",
        ["token_embd.weight", 128, 256], {"tensor": "token_embd.weight", "ne0": 128,
                                          "block": 256})
    put("gguf-truncated.gguf", good[:info + 10],
        "file ends at byte %d, inside the tensor info of token_embd.weight (which starts at %d)"
        % (info + 10, info), [], {"file_size": info + 10, "tensor_info_at": info})
    put("gguf-no-token-embd.gguf",
        gguf_build(kvs, [("output_norm.weight", [256], "F32", encode_ggml("F32", norm))])[0],
        "valid GGUF with only output_norm.weight [256]: no embedding matrix",
        ["token_embd.weight"], {"tensors": ["output_norm.weight"]})

    # Hugging Face directories
    sub = os.path.join(d, "index-missing-shard")
    blob, _ = st_build([("model.norm.weight", "F32", (8,), encode_tensor(np.ones(8, F32), "F32"))])
    write(os.path.join(sub, "model-00001-of-00002.safetensors"), blob)
    write_json(os.path.join(sub, "model.safetensors.index.json"), {
        "metadata": {"total_size": 32 + 256},
        "weight_map": {"model.embed_tokens.weight": "model-00002-of-00002.safetensors",
                       "model.norm.weight": "model-00001-of-00002.safetensors"}})
    bad[rel(sub)] = {"what": "index.json maps model.embed_tokens.weight to "
                             "model-00002-of-00002.safetensors, which does not exist",
                     "must_mention": ["model-00002-of-00002.safetensors"],
                     "facts": {"missing": "model-00002-of-00002.safetensors"},
                     "required": True}
    sub = os.path.join(d, "index-tensor-not-in-shard")
    write(os.path.join(sub, "model-00001-of-00001.safetensors"), blob)
    write_json(os.path.join(sub, "model.safetensors.index.json"), {
        "metadata": {"total_size": 32 + 256},
        "weight_map": {"model.embed_tokens.weight": "model-00001-of-00001.safetensors",
                       "model.norm.weight": "model-00001-of-00001.safetensors"}})
    bad[rel(sub)] = {"what": "index.json maps model.embed_tokens.weight to "
                             "model-00001-of-00001.safetensors, which does not hold it",
                     "must_mention": ["model.embed_tokens.weight",
                                      "model-00001-of-00001.safetensors"],
                     "facts": {"tensor": "model.embed_tokens.weight",
                               "shard": "model-00001-of-00001.safetensors"},
                     "required": True}
    sub = os.path.join(d, "vocab-longer-than-matrix")
    blob, _ = st_build([("wte.weight", "F32", (8, 4),
                         encode_tensor(rs.standard_normal((8, 4)).astype(F32), "F32"))],
                       {"format": "pt"})
    write(os.path.join(sub, "model.safetensors"), blob)
    toks = gpt2_vocab()[:12]
    write_json(os.path.join(sub, "vocab.json"), {t: i for i, t in enumerate(toks)}, indent=None)
    bad[rel(sub)] = {"what": "vocab.json has 12 tokens but wte.weight has 8 rows",
                     "must_mention": [12, 8], "facts": {"tokens": 12, "rows": 8},
                     "required": True}
    for v in bad.values():
        v["must_mention"] = [str(m) for m in v["must_mention"]]


# ----------------------------------------------------------------------------------------------


def dump(obj, f, level=0):
    """JSON with dicts indented and lists of scalars on one line."""
    pad = " " * level
    if isinstance(obj, dict):
        if not obj:
            f.write("{}")
            return
        f.write("{\n")
        items = list(obj.items())
        for i, (k, v) in enumerate(items):
            f.write(pad + " " + json.dumps(k, ensure_ascii=False) + ": ")
            dump(v, f, level + 1)
            f.write(",\n" if i + 1 < len(items) else "\n")
        f.write(pad + "}")
    elif isinstance(obj, list) and any(isinstance(v, (dict, list)) for v in obj):
        f.write("[\n")
        for i, v in enumerate(obj):
            f.write(pad + " ")
            dump(v, f, level + 1)
            f.write(",\n" if i + 1 < len(obj) else "\n")
        f.write(pad + "]")
    else:
        f.write(json.dumps(obj, ensure_ascii=False))


def main():
    os.chdir(ROOT)
    keep = None
    headers = os.path.join(OUT, "gguf_headers.json")
    if os.path.exists(headers):
        with open(headers, "rb") as f:
            keep = f.read()
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    if keep is not None:
        write(headers, keep)
    models, bad = {}, {}
    make_gpt2(models)
    make_llama(models)
    make_bert(models)
    make_t5(models)
    make_gguf(models)
    make_bad(bad)
    out = {"generator": {"script": "tests/reference/make_llm_models.py",
                         "numpy": np.__version__},
           "label_rules": LABEL_RULES,
           "schema": SCHEMA,
           "models": models,
           "bad": bad}
    with open(REFERENCE, "w", encoding="utf-8") as f:
        dump(out, f)
        f.write("\n")
    total = 0
    for dirpath, _, names in os.walk(OUT):
        for n in names:
            total += os.path.getsize(os.path.join(dirpath, n))
    print(f"{len(models)} models, {len(bad)} bad inputs, {total} bytes under {OUT}")


if __name__ == "__main__":
    main()
