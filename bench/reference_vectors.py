#!/usr/bin/env python3
"""Reference sentence vectors for all-MiniLM-L6-v2, computed independently of
claimtrack: a plain numpy BERT forward pass, then mean pooling over the
attention mask and L2 normalisation, which is what sentence-transformers does
for this model (modules.json: Transformer, Pooling with mean tokens,
Normalize; max_seq_length 256 with truncation).

It reads model.safetensors with the `safetensors` package and tokenizes with
the `tokenizers` package (pip install numpy safetensors tokenizers; no torch).
The arithmetic is in float64, so the vectors are the model's up to float32
rounding of its weights, not one implementation's float32 rounding.

    python3 bench/reference_vectors.py MODEL_DIR > tests/fixtures/semantic/reference.json

With --texts FILE (one text a line) it embeds those texts instead of the
built-in sentences.
"""

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

MAX_SEQ_LENGTH = 256

LONG = " ".join(
    [
        "The mayor said on Tuesday that the council would not raise property taxes this year,",
        "that the new bridge over the river would open in the spring as planned,",
        "and that the budget shortfall reported by the local newspaper was, in her words,",
        "a misunderstanding of how the city accounts for its pension obligations.",
    ]
    * 8
)

SENTENCES = [
    "Defenders season 2 is happening",
    "If they want to do a Defenders 2. I'm in.",
    "Netflix has renewed The Defenders for a second season",
    "The Northgate library will reopen in May",
    "The Northgate library won't reopen in May",
    "Apple will sell 19 million Apple Watches in 2015",
    "Two Australian men kept a McDonald's Quarter Pounder with Cheese for 20 years",
    "Zoë Saldaña told the café’s owner “no” — twice, in Zürich",
    "北京将于明年举办世界博览会 and Ελλάδα said ναι 🙂",
    LONG,
    "",
    "   ?! ",
]


def layer_norm(x, weight, bias, eps):
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


_erf = np.frompyfunc(math.erf, 1, 1)


def gelu(x):
    # The exact (erf) GELU, BERT's "gelu".
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)).astype(np.float64))


def softmax(x):
    x = x - x.max(axis=-1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=-1, keepdims=True)


class Bert:
    def __init__(self, model_dir):
        config = json.loads((model_dir / "config.json").read_text())
        assert config["model_type"] == "bert", config["model_type"]
        assert config["hidden_act"] == "gelu", config["hidden_act"]
        self.heads = config["num_attention_heads"]
        self.layers = config["num_hidden_layers"]
        self.eps = config["layer_norm_eps"]
        self.max_positions = config["max_position_embeddings"]
        raw = load_file(str(model_dir / "model.safetensors"))
        self.w = {k: v.astype(np.float64) for k, v in raw.items()}

    def linear(self, x, name):
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]

    def forward(self, ids, type_ids):
        """Token vectors of one unpadded sequence (every mask value is 1)."""
        w = self.w
        n = len(ids)
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:n]
            + w["embeddings.token_type_embeddings.weight"][type_ids]
        )
        x = layer_norm(
            x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps
        )
        hidden = x.shape[1]
        head = hidden // self.heads
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            q = self.linear(x, p + "attention.self.query").reshape(n, self.heads, head)
            k = self.linear(x, p + "attention.self.key").reshape(n, self.heads, head)
            v = self.linear(x, p + "attention.self.value").reshape(n, self.heads, head)
            scores = np.einsum("qhd,khd->hqk", q, k) / math.sqrt(head)
            context = np.einsum("hqk,khd->qhd", softmax(scores), v).reshape(n, hidden)
            x = layer_norm(
                self.linear(context, p + "attention.output.dense") + x,
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
                self.eps,
            )
            inner = gelu(self.linear(x, p + "intermediate.dense"))
            x = layer_norm(
                self.linear(inner, p + "output.dense") + x,
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
                self.eps,
            )
        return x


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model_dir", type=Path)
    parser.add_argument("--texts", type=Path, help="one text a line")
    args = parser.parse_args()

    texts = SENTENCES
    if args.texts:
        texts = args.texts.read_text(encoding="utf-8").split("\n")
        if texts and texts[-1] == "":
            texts.pop()

    bert = Bert(args.model_dir)
    tokenizer = Tokenizer.from_file(str(args.model_dir / "tokenizer.json"))
    # tokenizer.json pads and truncates to 128; sentence-transformers calls it
    # with its own settings: truncation at max_seq_length, padding to the
    # longest of the batch (here one text at a time, so none).
    tokenizer.no_padding()
    tokenizer.enable_truncation(
        max_length=min(MAX_SEQ_LENGTH, bert.max_positions), strategy="longest_first"
    )

    out = []
    for text in texts:
        enc = tokenizer.encode(text)
        tokens = bert.forward(np.array(enc.ids), np.array(enc.type_ids))
        mask = np.array(enc.attention_mask, dtype=np.float64)[:, None]
        pooled = (tokens * mask).sum(axis=0) / max(mask.sum(), 1e-9)
        vector = pooled / max(np.linalg.norm(pooled), 1e-12)
        out.append({"text": text, "ids": enc.ids, "vector": [float(x) for x in vector]})
        print(f"{len(enc.ids):4} tokens: {text[:60]!r}", file=sys.stderr)

    json.dump(
        {
            "model": "sentence-transformers/all-MiniLM-L6-v2",
            "generated_by": "bench/reference_vectors.py (numpy, float64)",
            "max_seq_length": MAX_SEQ_LENGTH,
            "sentences": out,
        },
        sys.stdout,
        ensure_ascii=False,
        indent=1,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
