"""The package that pip installs carries the widget front ends.

Fast tests of setup.py's build hook on a hand-made js/ tree (a fake npm records what it is asked to do), and one slow
test of the real thing: a clean copy of the repository (the files git tracks or would track, as a fresh clone has:
no built bundles, no node_modules), ``python -m build --sdist --wheel`` on it (the hook runs ``npm ci`` and the
esbuild bundle), a second wheel built from the extracted sdist with npm made unavailable, both archives checked for
every bundle a widget class names, and the wheel installed with ``pip --no-deps`` into a fresh venv that sees this
environment's dependencies through a ``.pth`` file (no torch download). In that venv ``xai_widgets`` must come from
the venv, not from this checkout, and every widget class's ``_esm`` must be the wheel's bundle.
``tests/browser/test_wheel_in_lab.py`` displays a widget from that venv in a real JupyterLab.
"""
from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WIDGETS_DIR = ROOT / "xai_widgets" / "widgets"
BUILD_TIMEOUT_S = 300


def load_setup_module():
    """setup.py as a module (its ``setup()`` call only runs as __main__)."""
    spec = importlib.util.spec_from_file_location("xw_setup_hook", ROOT / "setup.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def widget_bundles() -> set:
    """Every ``_bundle = "<name>"`` a widget class sets in xai_widgets/widgets (read from the source, no import)."""
    names = set()
    for path in WIDGETS_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                for stmt in node.body:
                    if (isinstance(stmt, ast.Assign) and any(getattr(t, "id", None) == "_bundle" for t in stmt.targets)
                            and isinstance(stmt.value, ast.Constant) and stmt.value.value):
                        names.add(stmt.value.value)
    return names


# ----------------------------------------------------------------------------------------------- the hook, fast
FAKE_NPM = """#!{python}
import os, sys
from pathlib import Path
with open(os.environ["FAKE_NPM_LOG"], "a") as f:
    f.write(" ".join(sys.argv[1:]) + "\\n")
if sys.argv[1:] == ["ci", "--no-audit", "--no-fund", "--loglevel=error"]:
    Path("node_modules").mkdir(exist_ok=True)
    Path("node_modules/.package-lock.json").write_text("{{}}")
elif sys.argv[1:] == ["run", "build"] and not os.environ.get("FAKE_NPM_FAIL"):
    static = Path(os.environ["FAKE_NPM_STATIC"])
    static.mkdir(parents=True, exist_ok=True)
    for name in os.environ["FAKE_NPM_WRITE"].split():
        (static / (name + ".js")).write_text("export default {{}};")
else:
    sys.exit(3)
"""


@pytest.fixture
def hook():
    return load_setup_module()


@pytest.fixture
def js_tree(tmp_path):
    """A js/ folder with two entries (a.js, b.js), a nested module, a build script and a lock file; an empty
    static folder."""
    js, static = tmp_path / "js", tmp_path / "static"
    (js / "src" / "a").mkdir(parents=True)
    for rel in ("src/a.js", "src/b.js", "src/a/part.js", "build.mjs", "package.json", "package-lock.json"):
        (js / rel).write_text("// source\n")
    static.mkdir()
    return js, static


def fake_npm(tmp_path, monkeypatch, static, writes=("a", "b")):
    exe = tmp_path / "fake-npm"
    exe.write_text(FAKE_NPM.format(python=sys.executable))
    exe.chmod(0o755)
    log = tmp_path / "npm.log"
    monkeypatch.setenv("FAKE_NPM_LOG", str(log))
    monkeypatch.setenv("FAKE_NPM_STATIC", str(static))
    monkeypatch.setenv("FAKE_NPM_WRITE", " ".join(writes))
    return str(exe), log


def age(path: Path, seconds: float):
    t = time.time() - seconds
    os.utime(path, (t, t))


def test_entries_are_build_mjs_entries_and_cover_every_widget(hook):
    listed = re.search(r"const entries = \[([^\]]*)\]", (ROOT / "js" / "build.mjs").read_text(encoding="utf-8"))
    assert listed, "js/build.mjs no longer lists its entries as `const entries = [...]`"
    assert sorted(re.findall(r'"([^"]+)"', listed.group(1))) == hook.entries()
    assert widget_bundles(), "no _bundle found in xai_widgets/widgets"
    assert widget_bundles() <= set(hook.entries()), widget_bundles() - set(hook.entries())


def test_missing_and_older_bundles_are_stale(hook, js_tree):
    js, static = js_tree
    assert hook.stale_bundles(js, static) == ["a.js", "b.js"]
    for name in ("a", "b"):
        (static / f"{name}.js").write_text("built")
        age(static / f"{name}.js", 50)
    for f in js.rglob("*"):
        if f.is_file():
            age(f, 100)
    assert hook.stale_bundles(js, static) == []
    (js / "src" / "a" / "part.js").write_text("// edited\n")  # a nested module newer than both bundles
    assert hook.stale_bundles(js, static) == ["a.js", "b.js"]


def test_without_npm_the_error_names_node_npm_and_the_bundles(hook, js_tree, tmp_path):
    js, static = js_tree
    with pytest.raises(hook.ExecError) as err:
        hook.build_front_ends(js, static, npm=str(tmp_path / "no-such-npm"))
    msg = str(err.value)
    for part in ("npm was not found", "Node.js >= 18", "a.js", "b.js", "npm ci && npm run build", "wheel"):
        assert part in msg, (part, msg)


def test_fresh_bundles_need_no_npm(hook, js_tree, tmp_path):
    """As in an extracted sdist: the bundles are newer than their sources, so nothing runs."""
    js, static = js_tree
    for f in js.rglob("*"):
        if f.is_file():
            age(f, 100)
    for name in ("a", "b"):
        (static / f"{name}.js").write_text("built")
    assert hook.build_front_ends(js, static, npm=str(tmp_path / "no-such-npm")) == []


def test_npm_ci_then_build_once_and_not_again(hook, js_tree, tmp_path, monkeypatch):
    js, static = js_tree
    npm, log = fake_npm(tmp_path, monkeypatch, static)
    assert hook.build_front_ends(js, static, npm=npm) == ["a.js", "b.js"]
    assert log.read_text().splitlines() == ["ci --no-audit --no-fund --loglevel=error", "run build"]
    assert hook.build_front_ends(js, static, npm=npm) == []  # fresh now: npm is not asked again
    assert len(log.read_text().splitlines()) == 2
    time.sleep(0.05)
    (js / "src" / "b.js").write_text("// edited\n")  # installed node_modules is newer than the lock: no npm ci
    assert hook.build_front_ends(js, static, npm=npm) == ["a.js", "b.js"]
    assert log.read_text().splitlines()[2:] == ["run build"]


def test_a_build_that_misses_an_entry_is_an_error(hook, js_tree, tmp_path, monkeypatch):
    js, static = js_tree
    npm, _ = fake_npm(tmp_path, monkeypatch, static, writes=("a",))
    with pytest.raises(hook.ExecError, match=r"did not write b\.js"):
        hook.build_front_ends(js, static, npm=npm)


def test_a_failing_npm_names_the_command_and_node(hook, js_tree, tmp_path, monkeypatch):
    js, static = js_tree
    npm, _ = fake_npm(tmp_path, monkeypatch, static)
    monkeypatch.setenv("FAKE_NPM_FAIL", "1")
    with pytest.raises(hook.ExecError, match=r"run build` in .* failed with exit code 3.*Node\.js >= 18"):
        hook.build_front_ends(js, static, npm=npm)


def test_sdist_manifest_carries_js_sources_and_bundles_not_node_modules():
    tomllib = pytest.importorskip("tomllib")

    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert {"static/*.js", "static/*.css"} <= set(package_data["package-data"]["xai_widgets"])
    text = (ROOT / "MANIFEST.in").read_text(encoding="utf-8")
    for line in ("include js/package.json js/package-lock.json js/build.mjs",
                 "graft js/src", "prune js/node_modules"):
        assert line in text.splitlines(), line


# ----------------------------------------------------------------------------------------------- the real build
def clean_copy(dest: Path) -> Path:
    """The files a fresh clone has (tracked, plus untracked files git does not ignore, from the working tree)."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: cannot tell which files a clean clone has")
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            check=True, capture_output=True).stdout.decode("utf-8").split("\0")
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file():  # a tracked file deleted in the working tree is not copied
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest / rel)
    return dest


def run(cmd, cwd, env=None, timeout=BUILD_TIMEOUT_S):
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, (f"{' '.join(map(str, cmd))} exited {done.returncode}\n--- stdout\n"
                                  f"{done.stdout[-4000:]}\n--- stderr\n{done.stderr[-4000:]}")
    return done


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(extra)
    return env


_BUILT = {}


def built_and_installed(tmp_path_factory) -> dict:
    """Build sdist and wheels from a clean copy and install the wheel into a fresh venv (once per session; the
    JupyterLab test reuses it). Returns the paths and timings."""
    if "info" in _BUILT:
        return _BUILT["info"]
    if shutil.which("npm") is None:
        pytest.skip("npm not found: the build hook needs Node.js and npm to bundle a clean clone")
    pytest.importorskip("build", reason="the `build` package is not installed (dev extra)")
    base = tmp_path_factory.mktemp("wheel")
    src = clean_copy(base / "src")
    assert not list((src / "xai_widgets" / "static").glob("*.js")), "the clean copy already has bundles"
    assert not (src / "js" / "node_modules").exists()
    timings = {}
    t = time.monotonic()
    # sdist then wheel, both from the clean tree: the wheel is what `pip install .` / `pip install git+...` build
    out = run([sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", base / "dist", src], base,
              env=clean_env())
    timings["build_s"] = time.monotonic() - t
    (sdist,) = (base / "dist").glob("xai_widgets-*.tar.gz")
    (wheel,) = (base / "dist").glob("xai_widgets-*.whl")
    # a wheel from the extracted sdist, with npm made unavailable: the sdist's bundles must be enough
    t = time.monotonic()
    with tarfile.open(sdist) as tar:
        tar.extractall(base / "sdist", filter="data")
    (sdist_root,) = (base / "sdist").iterdir()
    run([sys.executable, "-m", "build", "--wheel", "--outdir", base / "from-sdist", sdist_root], base,
        env=clean_env(XAI_WIDGETS_NPM=str(base / "no-such-npm")))
    timings["wheel_from_sdist_s"] = time.monotonic() - t
    (sdist_wheel,) = (base / "from-sdist").glob("xai_widgets-*.whl")
    # a fresh venv: the wheel installed without dependencies, then this environment's packages made visible
    t = time.monotonic()
    venv = base / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], base)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    run([sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", "--no-index", wheel], base,
        env=clean_env())
    site = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], base,
                    env=clean_env()).stdout.strip())
    ours = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    # plain path lines: the .pth files over there (this checkout's editable finder among them) are not processed
    (site / "xw_test_dependencies.pth").write_text("".join(f"{p}\n" for p in ours), encoding="utf-8")
    timings["venv_s"] = time.monotonic() - t
    _BUILT["info"] = dict(base=base, src=src, sdist=sdist, wheel=wheel, sdist_wheel=sdist_wheel, venv=venv,
                          python=python, site=site, build_log=out.stdout, timings=timings)
    return _BUILT["info"]


def bundle_names_in(names, prefix=""):
    return {m.group(1) for n in names if (m := re.fullmatch(re.escape(prefix) + r"xai_widgets/static/([^/]+)\.js", n))}


# Run in the fresh venv: where xai_widgets comes from, each widget class's _esm, one widget constructed.
PROBE = r"""
import importlib, json, pkgutil, sys
from pathlib import Path
import xai_widgets as xw
import xai_widgets.widgets as W
from xai_widgets.widgets.base import XaiWidget
for m in pkgutil.iter_modules(W.__path__):
    importlib.import_module("xai_widgets.widgets." + m.name)
def subclasses(c):
    for s in c.__subclasses__():
        yield s
        yield from subclasses(s)
def esm_path(esm):  # a Path, or anywidget's FileContents (which reads and can watch the file)
    path = esm if isinstance(esm, Path) else getattr(esm, "_path", None)
    return str(path) if path is not None else None
def esm_text(esm):
    return esm.read_text(encoding="utf-8") if isinstance(esm, Path) else str(esm)
classes = [c for c in subclasses(XaiWidget) if c._bundle]
esm = {c._bundle: esm_path(c._esm) for c in classes if esm_path(c._esm)}
texts = {c._bundle: esm_text(c._esm) for c in classes}
from xai_widgets.widgets.token_highlight import TokenHighlight
result = json.loads(sys.argv[1])
w = TokenHighlight(result)
print(json.dumps({"file": xw.__file__, "prefix": sys.prefix, "version": xw.__version__,
                  "bundles": sorted({c._bundle for c in subclasses(XaiWidget) if c._bundle}), "esm": esm, "texts": texts,
                  "widget_esm": w._esm, "tokens": w.results[0]["tokens"]}))
"""

RESULT = {
    "method": "integrated_gradients", "method_label": "Integrated Gradients", "text": "A wheel <b>works</b>",
    "tokens": ["[CLS]", "a", "wheel", "<b>works</b>", "[SEP]"], "special": [True, False, False, False, True],
    "word_start": [True, True, True, True, True], "targets": [1], "scores": [[0.0, 0.1, -0.4, 0.9, 0.0]],
    "signed": True, "labels": ["negative", "positive"], "probabilities": [0.1, 0.9], "predicted": 1,
    "truncated": False, "n_truncated_tokens": 0, "max_length": 512, "params": {}, "diagnostics": {},
    "model_name": "hand-made",
}


@pytest.mark.slow
def test_clean_clone_builds_wheel_and_sdist_with_the_bundles_and_the_wheel_works_in_a_fresh_venv(tmp_path_factory):
    info = built_and_installed(tmp_path_factory)
    wanted = widget_bundles()
    assert wanted

    with zipfile.ZipFile(info["wheel"]) as z:
        wheel_names = z.namelist()
        wheel_bundles = {n: z.read(f"xai_widgets/static/{n}.js") for n in bundle_names_in(wheel_names)}
    assert wanted <= set(wheel_bundles), f"wheel lacks {sorted(wanted - set(wheel_bundles))}"
    assert all(len(b) > 1000 and b"export" in b for b in wheel_bundles.values()), "a bundle is empty or no module"
    assert not any("node_modules" in n or n.startswith("js/") for n in wheel_names)

    with tarfile.open(info["sdist"]) as tar:
        sdist_names = tar.getnames()
    (top,) = {n.split("/", 1)[0] for n in sdist_names}
    rel = {n[len(top) + 1:] for n in sdist_names if "/" in n}
    assert wanted <= bundle_names_in(rel), f"sdist lacks {sorted(wanted - bundle_names_in(rel))}"
    for f in ("js/package.json", "js/package-lock.json", "js/build.mjs", "setup.py", "MANIFEST.in",
              *(f"js/src/{n}.js" for n in wanted)):
        assert f in rel, f"sdist lacks {f}"
    assert not any("node_modules" in n for n in rel), "sdist carries node_modules"

    with zipfile.ZipFile(info["sdist_wheel"]) as z:  # built with npm unavailable
        assert {n: z.read(f"xai_widgets/static/{n}.js") for n in bundle_names_in(z.namelist())} == wheel_bundles

    cwd = info["base"]  # not the checkout: '' on sys.path must not find this xai_widgets
    probe = run([info["python"], "-c", PROBE, json.dumps(RESULT)], cwd, env=clean_env(XAI_WIDGETS_PROGRESS="0"),
                timeout=120)
    got = json.loads(probe.stdout.strip().splitlines()[-1])
    site = info["site"].resolve()
    assert Path(got["file"]).resolve().is_relative_to(site), f"xai_widgets imported from {got['file']}, not {site}"
    assert not Path(got["file"]).resolve().is_relative_to(ROOT), got["file"]
    assert Path(got["prefix"]).resolve() == info["venv"].resolve()
    assert set(got["bundles"]) == wanted
    assert set(got["esm"]) == wanted, f"widget classes without a bundle file: {sorted(wanted - set(got['esm']))}"
    for name, path in got["esm"].items():
        assert Path(path).resolve() == site / "xai_widgets" / "static" / f"{name}.js", (name, path)
        assert Path(path).read_bytes() == wheel_bundles[name], name
        assert got["texts"][name] == wheel_bundles[name].decode("utf-8"), f"{name}: _esm is not the wheel's bundle"
    assert got["widget_esm"] == wheel_bundles["token_highlight"].decode("utf-8"), "the widget's _esm is not the bundle"
    assert got["tokens"] == RESULT["tokens"]
    print("wheel test timings (s):", {k: round(v, 1) for k, v in info["timings"].items()},
          "wheel", info["wheel"].name, f"{info['wheel'].stat().st_size / 1e3:.0f} kB",
          "sdist", f"{info['sdist'].stat().st_size / 1e3:.0f} kB")
