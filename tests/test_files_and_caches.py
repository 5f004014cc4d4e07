"""Files and caches: atomic writes, the default-model cache (read-only, partial, corrupt), the evaluation cache
(malformed files, concurrent writers) and strict JSON (NaN -> null) in exported pages.

The default-model tests work on a copy of the real cached model (``/root/.cache/xai-widgets/...`` or wherever
``default_model_dir()`` points when the tests start) in ``tmp_path``; the real cache is only read."""
import builtins
import io
import json
import math
import multiprocessing
import os
import re
import shutil
import stat
import threading
import time

import numpy as np
import pytest

from xai_widgets import _files

REAL_CACHE = os.environ.get("XAI_WIDGETS_TEST_MODEL_CACHE",
                            "/root/.cache/xai-widgets/models/minilm-rotten-tomatoes-v1")
MODEL_FILES = ("README.md", "config.json", "model.safetensors", "model_card.json", "tokenizer.json",
               "tokenizer_config.json", "checkpoints")


def _no_temp_files(folder):
    return [n for n in os.listdir(folder) if n.endswith(".tmp") or n.startswith(".build-") or n.startswith(".old-")]


# ---------------------------------------------------------------------------------------------- atomic writes


@pytest.mark.parametrize("error", [RuntimeError("the caller failed"), KeyboardInterrupt()])
@pytest.mark.parametrize("binary", [False, True])
def test_a_failure_mid_write_keeps_the_old_file_and_leaves_no_temp_file(tmp_path, error, binary):
    target = tmp_path / "page.html"
    old = "the old page \u00e9\n" * 1000
    target.write_text(old, encoding="utf-8")
    before = target.read_bytes()
    with pytest.raises(type(error)):
        with _files.atomic_open(target, binary=binary) as fh:
            fh.write(b"half a new page" if binary else "half a new page")
            fh.flush()
            raise error
    assert target.read_bytes() == before
    assert os.listdir(tmp_path) == ["page.html"]


def test_a_failing_rename_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "a.json"
    _files.atomic_write(target, b"old")
    monkeypatch.setattr(_files.os, "replace", lambda *a: (_ for _ in ()).throw(OSError(28, "No space left")))
    with pytest.raises(OSError, match="No space"):
        _files.atomic_write(target, b"new")
    assert target.read_bytes() == b"old" and os.listdir(tmp_path) == ["a.json"]


def test_atomic_write_makes_files_readable_by_others_whatever_the_umask(tmp_path):
    old_umask = os.umask(0o077)
    try:
        _files.atomic_write(tmp_path / "new.txt", "text")
        private = tmp_path / "private.bin"
        private.write_bytes(b"x")
        os.chmod(private, 0o600)
        _files.atomic_write(private, b"\x00\xff")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(os.stat(tmp_path / "new.txt").st_mode) == 0o644
    assert stat.S_IMODE(os.stat(private).st_mode) == 0o644
    assert (tmp_path / "new.txt").read_text() == "text" and private.read_bytes() == b"\x00\xff"
    with pytest.raises(TypeError, match="bytes or str"):
        _files.atomic_write(tmp_path / "x", 3)


def test_share_tree_opens_files_and_folders_to_other_users(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "f").write_bytes(b"1")
    os.chmod(tmp_path / "a" / "b" / "f", 0o600)
    os.chmod(tmp_path / "a" / "b", 0o700)
    _files.share_tree(tmp_path / "a")
    assert stat.S_IMODE(os.stat(tmp_path / "a" / "b").st_mode) == 0o755
    assert stat.S_IMODE(os.stat(tmp_path / "a" / "b" / "f").st_mode) == 0o644


# ------------------------------------------------------------------------------------- NaN -> null on the page


class StateOnly:
    """Any object with ``_export_spec()`` may be exported; this one has a state full of non-finite numbers."""

    def __init__(self, state):
        self.state = state

    def _export_spec(self):
        return "token_highlight", self.state


def _raise(name):
    raise ValueError(f"non-standard JSON constant {name}")


def _page_states(page):
    blocks = re.findall(r'<script type="application/json" id="(xw-state-\d+)">(.*?)</script>', page, re.S)
    assert blocks
    return [json.loads(text, parse_constant=_raise) for _, text in blocks]  # strict JSON: NaN would raise


def test_nan_and_inf_anywhere_in_an_exported_state_become_null(tmp_path):
    from xai_widgets import export

    if not export.STATIC_DIR.joinpath("token_highlight.js").is_file():
        pytest.skip("front end not built: cd js && npm ci && npm run build")
    state = {"a": float("nan"), "b": [1.0, float("inf"), [float("-inf"), {"c": math.nan}]],
             "arr": np.array([[1.0, np.nan], [np.inf, 2.0]], dtype=np.float32), "s32": np.float32("nan"),
             "s64": np.float64("-inf"), "t": (np.nan, 1), "ok": np.int64(3), "flag": np.bool_(True),
             "nested": {"deeper": [{"x": np.array([np.nan])}]}}
    path = export.save_html(tmp_path / "page.html", StateOnly(state))
    (got,) = _page_states(path.read_text(encoding="utf-8"))
    assert got == {"a": None, "b": [1.0, None, [None, {"c": None}]], "arr": [[1.0, None], [None, 2.0]],
                   "s32": None, "s64": None, "t": [None, 1], "ok": 3, "flag": True,
                   "nested": {"deeper": [{"x": [None]}]}}
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o644 and os.listdir(tmp_path) == ["page.html"]


def test_a_real_widget_with_nan_scores_exports_strict_json(tmp_path):
    from xai_widgets import export
    from xai_widgets.widgets import TokenHighlight

    if not export.STATIC_DIR.joinpath("token_highlight.js").is_file():
        pytest.skip("front end not built: cd js && npm ci && npm run build")
    result = {"method": "saliency", "method_label": "Saliency", "text": "A fine film",
              "tokens": ["[CLS]", "A", "fine", "film", "[SEP]"], "special": [True, False, False, False, True],
              "word_start": [True] * 5, "targets": [1], "scores": np.array([[0.0, np.nan, 0.7, -np.inf, 0.0]]),
              "signed": True, "labels": ["negative", "positive"], "probabilities": np.array([0.1, 0.9]),
              "predicted": 1, "truncated": False, "n_truncated_tokens": 0, "max_length": 512, "params": {},
              "diagnostics": {"convergence_delta": [np.float32("nan")]}, "model_name": "m"}
    page = export.to_html_string(TokenHighlight(result))
    (state,) = _page_states(page)
    (r,) = state["results"]
    assert r["scores"] == [[0.0, None, 0.7, None, 0.0]] and r["diagnostics"]["convergence_delta"] == [None]


# ---------------------------------------------------------------------------------------- default-model cache


@pytest.fixture(scope="module")
def model_copy(tmp_path_factory):
    """A private copy of the real cached default model (without its features/), made once for this module."""
    if not all(os.path.exists(os.path.join(REAL_CACHE, f)) for f in MODEL_FILES[1:-1]):
        pytest.skip(f"no built default model at {REAL_CACHE} to copy (`make demo` builds it)")
    dst = tmp_path_factory.mktemp("model_copy") / "minilm-rotten-tomatoes-v1"
    shutil.copytree(REAL_CACHE, dst, ignore=shutil.ignore_patterns("features", "*.tmp"))
    return str(dst)


def _home_with(tmp_path, model_copy, monkeypatch, replace=None):
    """A fresh ``XAI_WIDGETS_HOME`` whose model folder links to ``model_copy``'s files, except those in
    ``replace`` ({file: bytes, or None to leave it out}), which are written as real files."""
    from xai_widgets.models import default

    home = tmp_path / "home"
    folder = home / "models" / os.path.basename(model_copy)
    folder.mkdir(parents=True)
    replace = replace or {}
    for name in os.listdir(model_copy):
        if name in replace:
            if replace[name] is not None:
                (folder / name).write_bytes(replace[name])
        else:
            os.symlink(os.path.join(model_copy, name), folder / name)
    monkeypatch.setenv("XAI_WIDGETS_HOME", str(home))
    assert default.default_model_dir() == str(folder)
    monkeypatch.setattr(default, "_build", _no_training)
    return home, str(folder)


class TrainingStarted(AssertionError):
    pass


def _no_training(*args, **kwargs):
    raise TrainingStarted("the default model was (re)trained")


def _snapshot(root):
    """Every path under ``root`` with its size, mode and modification time (a write would change one)."""
    out = {}
    for base, dirs, files in os.walk(root):
        for n in dirs + files:
            p = os.path.join(base, n)
            st = os.lstat(p)
            out[os.path.relpath(p, root)] = (st.st_size, st.st_mode, st.st_mtime_ns)
    return out


class WriteGuard:
    """While ``start(folder)`` is active: opening a file for writing, creating a folder, or renaming, removing or
    chmod-ing anything under ``folder`` from Python raises PermissionError and is recorded in ``attempts``.

    The tests run as root, and root ignores the permission bits of ``chmod -R a-w``, so this is what enforces the
    read-only folder for Python code. File access from native code (safetensors' and tokenizers' Rust readers) is
    not seen here; the tests also compare a snapshot of the tree (sizes, modes, mtimes) taken before and after."""

    WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

    def __init__(self, monkeypatch):
        self.attempts, self.roots = [], []
        real_open, real_os_open = builtins.open, os.open

        def guarded_open(file, mode="r", *args, **kwargs):
            if any(c in mode for c in "wax+") and self.inside(file):
                self.deny(f"open({mode!r})", file)
            return real_open(file, mode, *args, **kwargs)

        def guarded_os_open(path, flags, *args, **kwargs):
            if flags & self.WRITE_FLAGS and self.inside(path):
                self.deny(f"os.open(flags={flags:#o})", path)
            return real_os_open(path, flags, *args, **kwargs)

        def guard(name, fn, n_paths):
            def wrapped(*args, **kwargs):
                for p in args[:n_paths]:
                    if self.inside(p):
                        self.deny(name, p)
                return fn(*args, **kwargs)
            return wrapped

        monkeypatch.setattr(builtins, "open", guarded_open)
        monkeypatch.setattr(io, "open", guarded_open)
        monkeypatch.setattr(os, "open", guarded_os_open)
        for name, n in (("mkdir", 1), ("rename", 2), ("replace", 2), ("remove", 1), ("unlink", 1), ("rmdir", 1),
                        ("chmod", 1)):
            monkeypatch.setattr(os, name, guard(name, getattr(os, name), n))

    def inside(self, path) -> bool:
        if isinstance(path, int):  # a file descriptor
            return False
        p = os.path.realpath(os.fspath(path))
        return any(p == r or p.startswith(r + os.sep) for r in self.roots)

    def deny(self, what, path):
        self.attempts.append((what, os.fspath(path)))
        raise PermissionError(13, f"read-only test folder: {what}", os.fspath(path))

    def start(self, folder):
        self.roots.append(os.path.realpath(folder))
        return self.attempts

    def stop(self):
        self.roots.clear()


@pytest.fixture
def write_guard(monkeypatch):
    guard = WriteGuard(monkeypatch)
    yield guard
    guard.stop()


def _chmod_tree(root, writable):
    for base, dirs, files in os.walk(root, topdown=False):
        for n in files + dirs:
            p = os.path.join(base, n)
            if not os.path.islink(p):
                mode = stat.S_IMODE(os.lstat(p).st_mode)
                os.chmod(p, mode | stat.S_IWUSR if writable else mode & ~0o222)
    mode = stat.S_IMODE(os.stat(root).st_mode)
    os.chmod(root, mode | stat.S_IWUSR if writable else mode & ~0o222)


def test_an_intact_cache_loads_from_a_read_only_folder_without_writing(tmp_path, model_copy, monkeypatch,
                                                                        write_guard):
    from xai_widgets.models import default, load_model

    home = tmp_path / "home"
    folder = home / "models" / os.path.basename(model_copy)
    folder.parent.mkdir(parents=True)
    shutil.copytree(model_copy, folder)  # real files, so that chmod applies to them
    monkeypatch.setenv("XAI_WIDGETS_HOME", str(home))
    monkeypatch.setattr(default, "_build", _no_training)
    _chmod_tree(home, writable=False)
    try:
        before = _snapshot(home)
        attempts = write_guard.start(home)
        t0 = time.perf_counter()
        assert default.inspect_cache(str(folder)) is True
        inspect_seconds = time.perf_counter() - t0
        adapter = load_model()  # the embedded default model
        p = adapter.predict_proba(["This movie is great!"])
        rows = default.checkpoints()
        assert attempts == []
        assert _snapshot(home) == before  # no lock file, no new or changed file anywhere under the home
        assert not (home / "models" / (folder.name + ".lock")).exists()
        assert p.shape == (1, 2) and adapter.card["name"] == default.NAME and len(rows) == default.N_CHECKPOINTS
        print(f"inspect_cache: {inspect_seconds * 1000:.1f} ms")
        if os.geteuid() != 0:  # not root: the permission bits themselves are enforced too
            assert not os.access(folder, os.W_OK)
    finally:
        write_guard.stop()
        _chmod_tree(home, writable=True)


def test_an_absent_model_in_a_read_only_home_names_the_folder_and_the_remedy(tmp_path, monkeypatch,
                                                                            write_guard):
    from xai_widgets.models import default

    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("XAI_WIDGETS_HOME", str(home))
    monkeypatch.setattr(default, "_build", _no_training)
    os.chmod(home, 0o555)
    try:
        attempts = write_guard.start(home)
        with pytest.raises(default.DefaultModelCacheError) as err:
            default.ensure_default_model()
        msg = str(err.value)
        assert str(home / "models") in msg and "not writable" in msg and "XAI_WIDGETS_HOME" in msg
        assert attempts and os.listdir(home) == []
    finally:
        write_guard.stop()
        os.chmod(home, 0o755)


def test_an_absent_model_is_built_under_a_lock(tmp_path, monkeypatch):
    from xai_widgets.models import default

    monkeypatch.setenv("XAI_WIDGETS_HOME", str(tmp_path))
    monkeypatch.setattr(default, "_build", _no_training)
    with pytest.raises(TrainingStarted):
        default.ensure_default_model()
    assert os.path.isfile(default.default_model_dir() + ".lock")


def _truncated(path, keep):
    with open(path, "rb") as fh:
        return fh.read(keep)


@pytest.mark.parametrize("case", ["truncated weights", "weights header only", "missing card", "card not json",
                                  "card a list", "missing tokenizer", "tokenizer truncated", "card not utf-8"])
def test_a_partial_or_corrupt_cache_names_the_file_and_the_remedy_and_never_trains(tmp_path, model_copy,
                                                                                   monkeypatch, case):
    from xai_widgets.models import default, load_model

    weights = os.path.join(model_copy, "model.safetensors")
    card = os.path.join(model_copy, "model_card.json")
    file, replace, what = {
        "truncated weights": ("model.safetensors", _truncated(weights, 50_000_000), "bytes long"),
        "weights header only": ("model.safetensors", _truncated(weights, 6), "too short"),
        "missing card": ("model_card.json", None, "is missing"),
        "card not json": ("model_card.json", _truncated(card, 100), "not valid JSON"),
        "card a list": ("model_card.json", b"[]", "not the expected object"),
        "card not utf-8": ("model_card.json", b"\xff\xfe{}", "not valid JSON"),
        "missing tokenizer": ("tokenizer.json", None, "is missing"),
        "tokenizer truncated": ("tokenizer.json", _truncated(os.path.join(model_copy, "tokenizer.json"), 1000),
                                "not valid JSON"),
    }[case]
    home, folder = _home_with(tmp_path, model_copy, monkeypatch, {file: replace})
    before = _snapshot(home)
    for call in (default.ensure_default_model, load_model):  # load_model(): the default model, loaded anew
        with pytest.raises(default.DefaultModelCacheError) as err:
            call()
        msg = str(err.value)
        assert os.path.join(folder, file) in msg and what in msg, msg
        assert "ensure_default_model(rebuild=True)" in msg and "make demo" in msg, msg
    assert _snapshot(home) == before  # nothing deleted, nothing rebuilt
    assert default._is_complete(folder) is False


def test_a_truncated_checkpoint_is_reported_by_name(tmp_path, model_copy, monkeypatch):
    from xai_widgets.models import default

    ckpt = sorted(os.listdir(os.path.join(model_copy, "checkpoints")))[0]
    home, folder = _home_with(tmp_path, model_copy, monkeypatch, {"checkpoints": None})
    os.mkdir(os.path.join(folder, "checkpoints"))
    for name in os.listdir(os.path.join(model_copy, "checkpoints")):
        src = os.path.join(model_copy, "checkpoints", name)
        with open(os.path.join(folder, "checkpoints", name), "wb") as fh:
            fh.write(_truncated(src, 1_000_000) if name == ckpt else b"")
    with pytest.raises(default.DefaultModelCacheError, match=re.escape(os.path.join("checkpoints", ckpt))):
        default.checkpoints()


def test_only_rebuild_rebuilds_and_a_failed_rebuild_keeps_the_old_model(tmp_path, model_copy, monkeypatch):
    from xai_widgets.models import default

    home, folder = _home_with(tmp_path, model_copy, monkeypatch, {"model_card.json": None})
    with pytest.raises(default.DefaultModelCacheError):
        default.ensure_default_model()  # intact weights, no card: an error, not 2.5 minutes of training
    before = _snapshot(folder)
    with pytest.raises(TrainingStarted):
        default.ensure_default_model(rebuild=True)
    assert _snapshot(folder) == before  # the old folder is still there, untouched, until a new one is complete
    name = os.path.basename(folder)
    assert sorted(os.listdir(home / "models")) == [name, name + ".lock"]  # no temporary folder left behind


def test_write_model_moves_a_complete_shareable_folder_into_place(tmp_path, model_copy):
    from tiny_models import tiny_classifier

    from xai_widgets.models import default

    model, tok = tiny_classifier("bert", seed=0, num_labels=2)
    with open(os.path.join(model_copy, "model_card.json"), encoding="utf-8") as fh:
        card = json.load(fh)
    state = {n: p.detach().clone() for n, p in model.named_parameters() if "classifier" in n}
    out = tmp_path / "models" / "m"
    out.parent.mkdir()
    old_umask = os.umask(0o077)
    try:
        default.write_model(str(out), model, tok, card, [state] * (len(card["checkpoints"]) - 1))
        (out / "stale").write_text("from the old folder")
        default.write_model(str(out), model, tok, card, [state] * (len(card["checkpoints"]) - 1))
    finally:
        os.umask(old_umask)
    assert not (out / "stale").exists() and _no_temp_files(out.parent) == []
    assert default.inspect_cache(str(out)) is True and default.model_card(str(out)) == card
    modes = {os.path.relpath(os.path.join(b, n), out): stat.S_IMODE(os.stat(os.path.join(b, n)).st_mode)
             for b, ds, fs in os.walk(out) for n in ds + fs}
    assert modes and all(m == (0o755 if os.path.isdir(out / p) else 0o644) for p, m in modes.items()), modes
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o755
    assert len(default.checkpoints(str(out))) == len(card["checkpoints"])


# ------------------------------------------------------------------------------------------- evaluation cache


TEXTS = ["a fine film", "a dull plot"]


@pytest.fixture(scope="module")
def tiny2():
    from tiny_models import tiny_classifier

    import xai_widgets as xw

    model, tok = tiny_classifier("bert", seed=3, num_labels=2)
    return xw.load_model(model, tok, labels=["negative", "positive"])


def _evaluate(adapter, cache, **kw):
    import xai_widgets as xw

    return xw.evaluate(adapter, TEXTS, methods=["saliency"], cache=str(cache), **kw)


def _values(result):
    return [(r["method"], r["example"], sorted((k, None if v != v else v) for k, v in r["values"].items()))
            for r in result.records]


def test_malformed_cache_files_are_recomputed_never_a_crash(tiny2, tmp_path):
    first = _evaluate(tiny2, tmp_path, sanity_examples=1)
    files = sorted(os.listdir(tmp_path))
    assert len(files) == 3 and not first.times()["cached"].any()  # two explanations, one sanity check
    good = {f: (tmp_path / f).read_bytes() for f in files}
    record = json.loads(good[[f for f in files if f.startswith("saliency-")][0]])
    malformed = {"empty list": b"[]", "empty object": b"{}", "null": b"null", "empty file": b"",
                 "truncated": None, "not utf-8": b"\xff\xfe\x00{\"method\": \"saliency\"}",
                 "no attribution": json.dumps({k: v for k, v in record.items() if k != "attribution"}).encode(),
                 "no values": json.dumps({k: v for k, v in record.items() if k != "values"}).encode(),
                 "values a list": json.dumps({**record, "values": [1, 2]}).encode(),
                 "another method": json.dumps({**record, "method": "occlusion"}).encode(),
                 "attribution without scores": json.dumps(
                     {**record, "attribution": {k: v for k, v in record["attribution"].items() if k != "scores"}}
                 ).encode(),
                 "deep nesting": b"[" * 100_000}
    for name, content in malformed.items():
        for f in files:
            (tmp_path / f).write_bytes(good[f][: len(good[f]) // 2] if content is None else content)
        again = _evaluate(tiny2, tmp_path, sanity_examples=1)
        assert not again.times()["cached"].any(), name
        assert _values(again) == _values(first), name
        assert len(again.checks) == 1 and again.checks[0]["check"] == "sanity", name
        third = _evaluate(tiny2, tmp_path, sanity_examples=1)  # the recomputed files were written back whole
        assert third.times()["cached"].all(), name
    assert sorted(os.listdir(tmp_path)) == files


def test_two_threads_evaluating_into_one_cache(tiny2, tmp_path):
    import copy

    from tiny_models import tiny_classifier

    import xai_widgets as xw

    model, tok = tiny_classifier("bert", seed=3, num_labels=2)  # the same weights as tiny2: the same cache keys
    twin = xw.load_model(model, copy.deepcopy(tok), labels=["negative", "positive"])  # nothing shared
    results, errors = [], []

    def run(adapter):
        try:
            for _ in range(3):
                results.append(_evaluate(adapter, tmp_path))
        except BaseException as err:  # noqa: BLE001 - reported below
            errors.append(err)

    threads = [threading.Thread(target=run, args=(a,)) for a in (tiny2, twin)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(results) == 6
    assert all(_values(r) == _values(results[0]) for r in results)
    assert _evaluate(tiny2, tmp_path).times()["cached"].all() and _no_temp_files(tmp_path) == []


def test_a_failed_cache_write_keeps_the_old_file_and_leaves_no_temp_file(tmp_path):
    from xai_widgets.evaluation import runner

    path = str(tmp_path / "saliency-key.json")
    runner._write(path, _big_record("a", 1))
    before = open(path, "rb").read()
    with pytest.raises(TypeError):
        runner._write(path, {**_big_record("b", 2), "values": {"x": object()}})  # not JSON: fails mid-way
    assert open(path, "rb").read() == before and os.listdir(tmp_path) == ["saliency-key.json"]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o644


def _big_record(tag, i):
    """A valid cached explanation record, large enough (about 1 MB) that a torn write would be seen."""
    scores = [[float(i)] * 50_000]
    return {"method": "saliency", "text": tag * 1000, "seconds": float(i), "values": {"aopc": float(i)},
            "curves": {}, "cached": False, "attribution": {
                "text": tag, "method": "saliency", "tokens": [tag] * 50_000, "scores": scores, "targets": [0],
                "labels": ["a", "b"], "probabilities": [0.5, 0.5]}}


def _writer(path, tag, n, barrier):
    """Run in a child process: write ``n`` different records to one cache path."""
    from xai_widgets.evaluation import runner

    barrier.wait()  # both children (and the reading parent) ready: the writes overlap
    for i in range(n):
        runner._write(path, _big_record(tag, i))


def _check_reads(path, stop, errors, seen):
    from xai_widgets.evaluation import runner

    while not stop():
        try:
            if not os.path.exists(path):
                continue
            rec = runner._read(path, "saliency")
            if rec is None:
                errors.append("a complete record read back as a miss (a partial file was visible)")
                continue
            tag = rec["attribution"]["text"]
            i = int(rec["seconds"])
            if rec != json.loads(json.dumps(_big_record(tag, i))):
                errors.append(f"a mixed record: {tag} {i}")
            seen.add((tag, i))
        except BaseException as err:  # noqa: BLE001
            errors.append(repr(err))


def test_concurrent_writers_in_two_threads_never_show_a_partial_file(tmp_path):
    from xai_widgets.evaluation import runner

    path = str(tmp_path / "saliency-key.json")
    errors, seen, done = [], set(), []

    def write(tag):
        try:
            for i in range(30):
                runner._write(path, _big_record(tag, i))
        except BaseException as err:  # noqa: BLE001
            errors.append(repr(err))
        done.append(tag)

    reader = threading.Thread(target=_check_reads, args=(path, lambda: len(done) == 2, errors, seen))
    writers = [threading.Thread(target=write, args=(tag,)) for tag in "ab"]
    reader.start()
    for t in writers:
        t.start()
    for t in writers + [reader]:
        t.join()
    assert errors == [] and seen
    assert runner._read(path, "saliency") is not None and os.listdir(tmp_path) == ["saliency-key.json"]


def test_concurrent_writers_in_two_processes_never_show_a_partial_file(tmp_path):
    from xai_widgets.evaluation import runner

    path = str(tmp_path / "saliency-key.json")
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(3)
    procs = [ctx.Process(target=_writer, args=(path, tag, 30, barrier)) for tag in "ab"]
    for p in procs:
        p.start()
    errors, seen, finished = [], set(), threading.Event()
    reader = threading.Thread(target=_check_reads, args=(path, finished.is_set, errors, seen))
    reader.start()
    barrier.wait(timeout=300)
    for p in procs:
        p.join(timeout=300)
    finished.set()
    reader.join()
    assert [p.exitcode for p in procs] == [0, 0]
    assert errors == [] and seen
    final = runner._read(path, "saliency")
    assert final is not None and int(final["seconds"]) == 29
    assert os.listdir(tmp_path) == ["saliency-key.json"]


# ------------------------------------------------------------------------------------ influence feature cache


def test_feature_cache_reads_a_partial_file_as_a_miss_and_a_read_only_folder_keeps_results_in_memory(
        tmp_path, write_guard):
    import importlib

    from xai_widgets.examples.features import TopFeatures

    influence = importlib.import_module("xai_widgets.examples.influence")  # the package exports a function of that name

    rng = np.random.default_rng(0)
    feats = TopFeatures(p=rng.normal(size=(5, 4)), h=None, logits=rng.normal(size=(5, 2)),
                        W_c=rng.normal(size=(2, 4)), layers=("classifier",), b_c=np.zeros(2))
    path = str(tmp_path / "features" / "f.npz")
    influence._write(path, feats)
    back = influence._read(path)
    assert back is not None and np.array_equal(back.p, feats.p) and back.layers == ("classifier",)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o644
    whole = open(path, "rb").read()
    for bad in (whole[: len(whole) // 2], b"", b"not a zip at all"):
        with open(path, "wb") as fh:
            fh.write(bad)
        assert influence._read(path) is None
    wrong = tmp_path / "wrong.npz"
    np.savez(wrong, layers=np.array(["classifier"]), p=np.zeros((5, 4)), logits=np.zeros((3, 2)), W_c=np.zeros((2, 4)))
    assert influence._read(str(wrong)) is None  # rows of p and logits disagree
    read_only = tmp_path / "read_only"
    read_only.mkdir()
    attempts = write_guard.start(read_only)
    influence._write(str(read_only / "features" / "f.npz"), feats)  # no error: the result stays in memory
    assert attempts and os.listdir(read_only) == []
