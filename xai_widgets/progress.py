"""One shared progress helper for every long call (multi-method explain, evaluate, influence, attacks, TCAV, the
default model's fine-tuning), switchable off, that leaves nothing broken in a saved notebook.

In a Jupyter kernel the bar is a plain display output (an HTML ``<progress>`` element and its text), shown through
an IPython display handle and refreshed in place; when the loop ends (normally, by an exception or by
KeyboardInterrupt) the output is replaced by one line of plain text, ``"evaluating explanations: 12/12 in 34.2 s"``
or ``"... stopped at 5/12 after 3.1 s"``. So the saved notebook holds no widget reference (tqdm.auto's bar is an
ipywidgets widget, which a notebook reopened without its kernel shows as "Error displaying widget: model not
found"). Outside Jupyter the bar is tqdm's text bar on stderr.

A bar appears only once its loop has run for ``DELAY`` seconds (a loop that ends sooner prints nothing), and only
the outermost loop on a thread speaks: a bar opened while another is open (the attack search inside
``attack_dataset``, the representation passes inside TCAV) stays silent, and so does every loop inside a call
that passed ``show=False``.

Switch it off globally with ``xai_widgets.progress.set_enabled(False)`` (``set_enabled(None)`` goes back to the
environment) or the environment variable ``XAI_WIDGETS_PROGRESS=0``; a call can also pass ``show_progress=False``
(``show=False`` here).

    for item in progress(items, desc="evaluating explanations", unit="texts"):
        ...
    with Progress(total=3, desc="hotflip search", unit="steps") as bar:
        ...; bar.update()
"""
from __future__ import annotations

import functools
import html
import os
import sys
import threading
import time
from typing import Callable, Iterable, Iterator, Optional, TypeVar

T = TypeVar("T")
_enabled: Optional[bool] = None
#: seconds a loop runs before its bar appears
DELAY = 0.5
#: seconds between two refreshes of a notebook bar (the elapsed time moves even while one item takes long)
REFRESH = 0.5
_local = threading.local()  # .open: how many bars (shown or silenced) are open on this thread


def set_enabled(flag: Optional[bool]) -> None:
    """Switch every progress bar on or off for this process; ``None`` goes back to ``XAI_WIDGETS_PROGRESS``."""
    global _enabled
    if flag is not None and not isinstance(flag, bool):
        raise TypeError(f"set_enabled takes True, False or None; got {flag!r}")
    _enabled = flag


def enabled() -> bool:
    if _enabled is not None:
        return _enabled
    return os.environ.get("XAI_WIDGETS_PROGRESS", "1").strip().lower() not in ("0", "false", "no", "off")


def check_show(show) -> Optional[bool]:
    """``show_progress`` as given by a user: None (follow the global switch), True or False."""
    if show is not None and not isinstance(show, bool):
        raise TypeError(f"show_progress must be True, False or None (follow the global switch); got {show!r}")
    return show


def in_notebook() -> bool:
    """True inside a Jupyter kernel (an IPython shell with a kernel: JupyterLab, Notebook, VS Code, Colab)."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    try:
        shell = ipython.get_ipython()
    except Exception:  # noqa: BLE001 - a broken IPython never breaks the computation
        return False
    return shell is not None and getattr(shell, "kernel", None) is not None


def _open_count() -> int:
    return getattr(_local, "open", 0)


def _seconds(s: float) -> str:
    if s < 60:
        return f"{s:.1f} s"
    m, sec = divmod(int(round(s)), 60)
    return f"{m} min {sec:02d} s" if m < 60 else f"{m // 60} h {m % 60:02d} min"


class Progress:
    """A bar over ``total`` steps (None: unknown), named ``desc``, counting ``unit``; a context manager.

    ``update(n)`` advances it, ``note(text)`` names the step now running (shown after the count), ``close()`` ends
    it (the ``with`` block does). It is silent when progress is off, when ``show`` is False, when
    ``total < min_total``, when another bar is open on this thread, and until ``delay`` seconds have passed."""

    def __init__(self, total: Optional[int] = None, desc: str = "", unit: str = "", show: Optional[bool] = None,
                 min_total: int = 2, delay: Optional[float] = None):
        self.total = None if total is None else int(total)
        self.desc, self.unit = str(desc), str(unit)
        self.n = 0
        self.current = ""
        self.started = time.perf_counter()
        self.delay = DELAY if delay is None else float(delay)
        self.closed = False
        self._view = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._timer: Optional[threading.Thread] = None
        check_show(show)
        small = self.total is not None and self.total < min_total
        nested = _open_count() > 0
        # a bar that claims the thread: shown, or switched off by the caller (show=False also silences the loops
        # inside it); a bar too small to show leaves the inner loops free to speak
        self._claims = not nested and (show is False or (not small and enabled() and show is not False))
        self.active = self._claims and show is not False and enabled() and not small
        if self._claims:
            _local.open = _open_count() + 1
        if self.active:
            self._notebook = in_notebook()
            if self._notebook:
                self._timer = threading.Thread(target=self._refresh, name="xai-widgets-progress", daemon=True)
                self._timer.start()
            else:
                self._view = _TextView(self)

    # ------------------------------------------------------------------ public
    def update(self, n: int = 1) -> None:
        if self.closed:
            return
        self.n += int(n)
        if self.active:
            self._render()

    def note(self, text: str) -> None:
        """Name the step that is running now (a method, a text, a concept); shown after the count."""
        self.current = str(text)
        if self.active:
            self._render()

    def done(self) -> None:
        """The work ended early because it was finished (an attack that flipped the prediction at its first step):
        the summary reads as complete, ``"3/3 steps"``, not ``"stopped at 3/5"``."""
        if self.total is not None and self.n < self.total:
            self.total = self.n

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def summary(self) -> str:
        """The final line: ``"desc: 12/12 texts in 34.2 s"``, or ``"desc: stopped at 5/12 texts after 3.1 s"``."""
        unit = f" {self.unit}" if self.unit else ""
        head = f"{self.desc}: " if self.desc else ""
        count = f"{self.n}/{self.total}" if self.total is not None else str(self.n)
        if self.total is not None and self.n < self.total:
            return f"{head}stopped at {count}{unit} after {_seconds(self.elapsed())}"
        return f"{head}{count}{unit} in {_seconds(self.elapsed())}"

    def close(self) -> None:
        """End the bar: in a notebook its output becomes the plain-text summary (if it was shown at all)."""
        if self.closed:
            return
        with self._lock:
            self.closed = True
        self._stop.set()
        if self._claims:
            _local.open = max(0, _open_count() - 1)
        if self._timer is not None and self._timer is not threading.current_thread():
            self._timer.join(timeout=2.0)
        if self._view is not None:
            try:
                self._view.finish(self.summary())
            except Exception:  # noqa: BLE001 - the display must never mask the computation's own error
                pass

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ rendering
    def _render(self) -> None:
        with self._lock:
            if self.closed:
                return
            if self._view is None:
                if not self._notebook or self.elapsed() < self.delay:
                    return
                self._view = _NotebookView()
            try:
                self._view.show(self)
            except Exception:  # noqa: BLE001
                self._view = _Broken()

    def _refresh(self) -> None:
        """The notebook bar's clock: shows the bar after ``delay`` and refreshes it while one step runs long."""
        if self._stop.wait(self.delay):
            return
        while not self._stop.is_set():
            self._render()
            if self._stop.wait(REFRESH):
                return

    def line(self) -> str:
        """The live text: ``"desc: 5/12 texts [42%] 3.1 s, about 4.3 s left · lime"``."""
        unit = f" {self.unit}" if self.unit else ""
        head = f"{self.desc}: " if self.desc else ""
        t = self.elapsed()
        if self.total:
            pct = f" [{100 * self.n // self.total}%]"
            left = f", about {_seconds(t / self.n * (self.total - self.n))} left" if 0 < self.n < self.total else ""
            text = f"{head}{self.n}/{self.total}{unit}{pct} {_seconds(t)}{left}"
        else:
            text = f"{head}{self.n}{unit} {_seconds(t)}"
        return text + (f" · {self.current}" if self.current else "")


class _NotebookView:
    """A display output refreshed in place and replaced by plain text at the end (no widget, no comm)."""

    def __init__(self):
        from IPython.display import display

        self.handle = display(self._bundle(None), raw=True, display_id=True)
        self.last = ""

    @staticmethod
    def _bundle(bar: Optional[Progress]):
        if bar is None:
            return {"text/plain": ""}
        text = bar.line()
        value = f' value="{bar.n}" max="{bar.total}"' if bar.total else ""
        page = (f'<div class="xw-progress" style="font-family: monospace; font-size: 12px">'
                f'<progress{value} style="width: 240px; vertical-align: middle"></progress> '
                f'<span>{html.escape(text)}</span></div>')
        return {"text/plain": text, "text/html": page}

    def show(self, bar: Progress) -> None:
        bundle = self._bundle(bar)
        if bundle["text/plain"] != self.last:
            self.last = bundle["text/plain"]
            self.handle.update(bundle, raw=True)

    def finish(self, text: str) -> None:
        self.handle.update({"text/plain": text}, raw=True)


class _TextView:
    """tqdm's plain text bar on stderr (outside Jupyter), driven by hand."""

    def __init__(self, bar: Progress):
        from tqdm.std import tqdm

        self.bar = bar
        self.tqdm = tqdm(total=bar.total, desc=bar.desc, unit=f" {bar.unit}" if bar.unit else "it",
                         leave=False, delay=bar.delay, file=sys.stderr, dynamic_ncols=True)

    def show(self, bar: Progress) -> None:
        delta = bar.n - self.tqdm.n
        if bar.current:
            self.tqdm.set_postfix_str(bar.current, refresh=False)
        self.tqdm.update(delta)

    def finish(self, text: str) -> None:
        self.tqdm.close()


class _Broken:
    """Stands in for a view whose display failed: the computation goes on without a bar."""

    def show(self, bar: Progress) -> None:
        pass

    def finish(self, text: str) -> None:
        pass


def silenced_by_show_progress(func):
    """Decorate a call that takes a keyword ``show_progress``: with ``show_progress=False`` every bar opened inside
    it (its helpers' loops included) is silent; None and True leave the bars as they are."""
    @functools.wraps(func)
    def call(*args, **kwargs):
        if check_show(kwargs.get("show_progress")) is not False:
            return func(*args, **kwargs)
        with Progress(show=False):  # a silenced bar claims the thread: the loops inside stay silent
            return func(*args, **kwargs)

    return call


def progress(iterable: Iterable[T], total: Optional[int] = None, desc: str = "", show: Optional[bool] = None,
             min_total: int = 2, unit: str = "", label: Optional[Callable[[T], str]] = None,
             delay: Optional[float] = None) -> Iterable[T]:
    """Iterate ``iterable`` under a ``Progress`` bar (see the module); ``label(item)`` names each step as it runs.

    The bar ends, and its notebook output turns into the summary line, when the loop ends, breaks or raises
    (the generator is closed when the loop lets go of it)."""
    if total is None:
        try:
            total = len(iterable)  # type: ignore[arg-type]
        except TypeError:
            total = None
    return _iterate(iterable, dict(total=total, desc=desc, unit=unit, show=show, min_total=min_total, delay=delay),
                    label)


def _iterate(iterable: Iterable[T], settings: dict, label) -> Iterator[T]:
    bar = Progress(**settings)  # opened at the first step (a generator never started never closes)
    try:
        for item in iterable:
            if label is not None and bar.active:
                bar.note(label(item))
            yield item
            bar.update()
    finally:
        bar.close()


__all__ = ["progress", "Progress", "silenced_by_show_progress", "set_enabled", "enabled", "check_show", "in_notebook", "DELAY"]
