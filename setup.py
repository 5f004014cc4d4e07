"""Build hook: the wheel and the sdist carry the widget front ends.

The front ends are anywidget ES modules bundled by esbuild from ``js/src/<name>.js`` into
``xai_widgets/static/<name>.js`` (``js/build.mjs``). They are not committed, so ``build_py`` (run for every wheel,
hence by ``pip install .`` and ``pip install git+...``) and ``sdist`` first run ``npm ci`` (when ``js/node_modules``
is missing or older than ``js/package-lock.json``) and ``npm run build`` in ``js/`` whenever a bundle is missing or
older than any file it is built from, then check that every bundle exists. The sdist carries ``js/`` (sources, lock
file, build script) and the built bundles, so a wheel built from it needs neither Node.js nor npm.

Without npm, building a clean clone fails with a message naming Node.js and npm; an editable install
(``pip install -e .``) only warns, since its bundles are read from ``xai_widgets/static`` and can be built later
(``make js``). ``XAI_WIDGETS_NPM`` names the npm executable to use (default: ``npm`` on PATH).

Everything else about the package is in pyproject.toml.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist
from setuptools.errors import ExecError

ROOT = Path(__file__).resolve().parent
JS = ROOT / "js"
STATIC = ROOT / "xai_widgets" / "static"
# What a bundle is built from (node_modules excluded: npm ci rewrites it on every run).
JS_INPUTS = ("src", "build.mjs", "package.json", "package-lock.json")
NODE_HINT = ("install Node.js >= 18 with npm (https://nodejs.org/, or `apt-get install nodejs npm`, or "
             "`conda install nodejs`), or install from a wheel or an sdist of xai-widgets, which carry the built "
             "front ends")


def entries(js: Path = JS) -> list[str]:
    """The bundle names: one per top-level module of ``js/src`` (the entry points build.mjs lists)."""
    return sorted(p.stem for p in (js / "src").glob("*.js"))


def bundle_paths(js: Path = JS, static: Path = STATIC) -> list[Path]:
    return [static / f"{name}.js" for name in entries(js)]


def newest_input(js: Path = JS) -> float:
    """mtime of the newest file a bundle is built from (0.0 when there is none)."""
    newest = 0.0
    for name in JS_INPUTS:
        path = js / name
        files = [f for f in path.rglob("*") if f.is_file()] if path.is_dir() else [path] if path.is_file() else []
        for f in files:
            newest = max(newest, f.stat().st_mtime)
    return newest


def stale_bundles(js: Path = JS, static: Path = STATIC) -> list[str]:
    """Bundles that are missing or older than any of their inputs (file names, empty when all are fresh)."""
    newest = newest_input(js)
    return [p.name for p in bundle_paths(js, static) if not p.is_file() or p.stat().st_mtime < newest]


def _npm(npm: str | None = None) -> str | None:
    return shutil.which(npm or os.environ.get("XAI_WIDGETS_NPM") or "npm")


def _run(cmd: list[str], cwd: Path) -> None:
    print("xai-widgets: running", " ".join(cmd), "in", cwd, flush=True)
    try:
        done = subprocess.run(cmd, cwd=cwd, check=False)
    except OSError as exc:
        raise ExecError(f"xai-widgets: could not run {' '.join(cmd)} in {cwd}: {exc}; {NODE_HINT}") from None
    if done.returncode != 0:
        raise ExecError(f"xai-widgets: `{' '.join(cmd)}` in {cwd} failed with exit code {done.returncode} (see its "
                        f"output above); building the widget front ends needs Node.js >= 18 and npm with access to "
                        f"the npm registry or its cache. Or {NODE_HINT.split(', or ', 1)[-1]}")


def build_front_ends(js: Path = JS, static: Path = STATIC, npm: str | None = None) -> list[str]:
    """Build the bundles if any is missing or stale; returns the names rebuilt (empty when all were fresh).
    Raises ExecError, naming Node.js and npm, when they are needed and cannot be built."""
    if not (js / "package.json").is_file() or not (js / "src").is_dir():
        names = [p.name for p in bundle_paths(js, static)] if (js / "src").is_dir() else []
        missing = [n for n in names if not (static / n).is_file()]
        if names and not missing:
            return []
        if not names and any(static.glob("*.js")):  # no js/ sources at all: use the bundles that are here
            return []
        raise ExecError(f"xai-widgets: the widget front ends are not built ({static} has no bundles) and the "
                        f"JavaScript sources to build them ({js}/package.json, {js}/src) are missing; build from a "
                        "complete git clone or an sdist")
    stale = stale_bundles(js, static)
    if not stale:
        return []
    exe = _npm(npm)
    if exe is None:
        raise ExecError(
            f"xai-widgets: the widget front ends {', '.join(stale)} in {static} are missing or older than their "
            f"sources in {js}, and npm was not found (looked for "
            f"{npm or os.environ.get('XAI_WIDGETS_NPM') or 'npm'!r} on PATH). Building them needs Node.js >= 18 "
            f"and npm: {NODE_HINT}; or build them yourself: cd js && npm ci && npm run build")
    lock, installed = js / "package-lock.json", js / "node_modules" / ".package-lock.json"
    if not installed.is_file() or (lock.is_file() and installed.stat().st_mtime < lock.stat().st_mtime):
        _run([exe, "ci", "--no-audit", "--no-fund", "--loglevel=error"], js)
    _run([exe, "run", "build"], js)
    still = stale_bundles(js, static)
    if still:
        raise ExecError(f"xai-widgets: `npm run build` in {js} finished but did not write {', '.join(still)} in "
                        f"{static}: js/build.mjs must list every top-level module of js/src as an entry")
    return stale


class BuildPyWithFrontEnds(build_py):
    """build_py that first builds the esbuild bundles (package data ``static/*.js``)."""

    def run(self):
        try:
            build_front_ends()
        except ExecError as exc:
            if not getattr(self, "editable_mode", False):
                raise
            print(f"WARNING: {exc}\nxai-widgets: editable install without built front ends; widgets will not "
                  "display until they are built (make js)", flush=True)
        self.__dict__.pop("data_files", None)  # list the package data again: the bundles may be new
        super().run()


class SdistWithFrontEnds(sdist):
    """sdist that builds the bundles first, so that the archive carries them (MANIFEST.in adds js/)."""

    def run(self):
        build_front_ends()
        super().run()


if __name__ == "__main__":
    setup(cmdclass={"build_py": BuildPyWithFrontEnds, "sdist": SdistWithFrontEnds})
