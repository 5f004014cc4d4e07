"""A throwaway JupyterLab server for the browser smoke test: isolated Jupyter/IPython dirs under a temporary
folder, the venv's lab extensions still found through ``sys.prefix``, torn down with its whole process tree."""
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

# Lab extensions the widget needs in the front end, as named in JupyterLab's page config.
REQUIRED_LABEXTENSIONS = ("anywidget", "@jupyter-widgets/jupyterlab-manager")

# JupyterLab user settings that keep the UI quiet and offline (no news/update toasts over the notebook).
USER_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                        "checkForUpdates": False},
}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def code_cell(source: str) -> dict:
    return {"cell_type": "code", "execution_count": None, "id": f"c{abs(hash(source)) % 10**8}",
            "metadata": {}, "outputs": [], "source": source}


def write_notebook(path: Path, sources) -> Path:
    nb = {
        "cells": [code_cell(s) for s in sources],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                     "language_info": {"name": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return path


class LabServer:
    """``jupyter lab`` from this interpreter's environment, on 127.0.0.1:<free port>, no token, no browser."""

    def __init__(self, base: Path, extra_env=None):
        self.base = Path(base)
        self.root = self.base / "root"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.base / "jupyter-lab.log"
        self.proc = None
        self._log = None
        self._descendants = []  # psutil.Process objects
        dirs = {name: self.base / sub for name, sub in (
            ("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
            ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython"))}
        for d in [self.root, *dirs.values()]:
            d.mkdir(parents=True, exist_ok=True)
        self.env = dict(os.environ, **{k: str(v) for k, v in dirs.items()})
        # sys.prefix/share/jupyter (the venv's labextensions and kernelspecs) stays on the data path, first.
        self.env["JUPYTER_PREFER_ENV_PATH"] = "1"
        self.env.pop("JUPYTER_PATH", None)
        self.env.pop("JUPYTER_TOKEN", None)
        self.env.update(extra_env or {})
        for rel, settings in USER_SETTINGS.items():
            f = dirs["JUPYTER_CONFIG_DIR"] / "lab" / "user-settings" / rel
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_text(json.dumps(settings), encoding="utf-8")

    def command(self):
        return [
            sys.executable, "-m", "jupyterlab",
            "--allow-root", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}", "--port-retries=0",
            "--ServerApp.token=", "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True",
            f"--ServerApp.root_dir={self.root}",
            "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: run commands, read kernel/cell state
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]

    def start(self, timeout=30.0):
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(self.command(), cwd=self.root, env=self.env, stdin=subprocess.DEVNULL,
                                     stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + "/api/status", timeout=2) as r:
                    if r.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"jupyter lab did not answer /api/status in {timeout:.0f} s:\n{self.log_tail()}")
            time.sleep(0.25)

    def get(self, path, timeout=10):
        with urllib.request.urlopen(self.url + path, timeout=timeout) as r:
            return r.read().decode("utf-8")

    def page_config(self) -> dict:
        html = self.get("/lab")
        start = html.index('id="jupyter-config-data"')
        start = html.index(">", start) + 1
        return json.loads(html[start:html.index("</script>", start)])

    def labextension_names(self):
        return {e.get("name") for e in self.page_config().get("federated_extensions", [])}

    def log_tail(self, n=4000) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-n:]
        except OSError:
            return ""

    def remember_children(self):
        """Record the server's descendants (kernels run in their own session, outside its process group)."""
        if self.proc is None:
            return
        try:
            import psutil

            known = {c.pid for c in self._descendants}
            self._descendants += [c for c in psutil.Process(self.proc.pid).children(recursive=True)
                                  if c.pid not in known]
        except Exception:  # psutil missing or the server already gone
            pass

    def stop(self, timeout=10.0):
        if self.proc is None:
            return
        self.remember_children()
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)  # the server shuts its kernels down on SIGTERM
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            pass
        for child in self._descendants:  # only processes this server started, by id (psutil checks pid reuse)
            try:
                if child.is_running():
                    child.kill()
            except Exception:
                pass
        if self._log:
            self._log.close()
        self.proc = None


def lab_serving(bundle: Path, tmp_path_factory):
    """Fixture body for a test of one widget in JupyterLab: skips without jupyterlab or without the widget's built
    front end ``bundle``, then ``running_lab``."""
    import pytest

    pytest.importorskip("jupyterlab", reason="jupyterlab is not installed in this environment")
    if not Path(bundle).is_file():
        pytest.skip("front end not built: cd js && npm ci && npm run build")
    yield from running_lab(tmp_path_factory)


def running_lab(tmp_path_factory, server_class=None):
    """Fixture body: a JupyterLab server (or another ``LabServer`` subclass, e.g. Notebook 7's) for the tests,
    stopped afterwards; skips while the default model is not built yet (building it takes minutes; `make test`
    builds it first)."""
    import pytest
    from xai_widgets.models import default

    if not default._is_complete(default.default_model_dir()):
        pytest.skip("the default model is not cached yet (building it takes minutes): run the model tests first")
    server = (server_class or LabServer)(tmp_path_factory.mktemp("lab"), extra_env={"XAI_WIDGETS_PROGRESS": "0"})
    try:
        server.start()
        yield server
    finally:
        server.stop()


def run_with_failure_report(page, lab, run, *args):
    """``run(page, lab, *args, errors)`` with the page's errors collected; on failure an AssertionError carrying a
    screenshot path, the browser errors and the server log tail."""
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    try:
        return run(page, lab, *args, errors)
    except Exception as exc:
        shot = lab.base / "failure.png"
        try:
            page.screenshot(path=str(shot), full_page=True)
        except Exception:
            shot = "(no screenshot)"
        lab.remember_children()
        raise AssertionError(f"{exc}\nscreenshot: {shot}\nserver log: {lab.log_path}\nbrowser errors: "
                             f"{errors[-10:]}\nserver log tail:\n{lab.log_tail(2000)}") from exc
