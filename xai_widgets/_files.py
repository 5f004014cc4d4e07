"""Writing files so that a reader never sees half of one: the one atomic-write helper of the package.

``atomic_open(path)`` / ``atomic_write(path, data)`` write to a temporary file in the target's folder, flush and
fsync it, set its permissions and ``os.replace`` it onto the target. The target therefore holds either its old
content or the complete new content, at every moment and after a crash; concurrent writers (threads or processes)
each write their own temporary file, and the last rename wins. On any failure, including an exception raised by
the caller's code while writing or a KeyboardInterrupt, the temporary file is removed and the old target is left
untouched.

Files are created with mode 0o644 (readable by other users; ``tempfile.mkstemp`` alone would give 0o600), folders
made shareable with ``share_tree`` get 0o755: caches may be shared between users.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from typing import IO, Iterator, Union

FILE_MODE = 0o644
DIR_MODE = 0o755

PathLike = Union[str, "os.PathLike[str]"]


@contextlib.contextmanager
def atomic_open(path: PathLike, binary: bool = False, mode: int = FILE_MODE,
                encoding: str = "utf-8") -> Iterator[IO]:
    """A file object to write the new content of ``path`` into; it replaces ``path`` when the block ends normally.

    Guarantees: ``path`` is never seen partly written; if the block raises (anything, KeyboardInterrupt included)
    or the write, fsync or rename fails, ``path`` keeps its previous content (or stays absent) and no temporary
    file is left behind, and the exception propagates. The new file has permissions ``mode`` (0o644), whatever the
    umask. The folder of ``path`` must exist."""
    path = os.fspath(path)
    folder, name = os.path.split(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        fh = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding=encoding, newline="")
    except BaseException:
        os.close(fd)
        _remove(tmp)
        raise
    try:
        with fh:
            yield fh
            fh.flush()
            os.fchmod(fh.fileno(), mode)
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        _remove(tmp)
        raise


def atomic_write(path: PathLike, data: Union[bytes, str], mode: int = FILE_MODE, encoding: str = "utf-8") -> None:
    """Write ``data`` (bytes as they are, str encoded with ``encoding``) to ``path`` atomically, with the
    guarantees of ``atomic_open``."""
    if not isinstance(data, (bytes, bytearray, memoryview, str)):
        raise TypeError(f"data must be bytes or str, got {type(data).__name__}")
    with atomic_open(path, binary=not isinstance(data, str), mode=mode, encoding=encoding) as fh:
        fh.write(data)


def share_tree(root: PathLike, file_mode: int = FILE_MODE, dir_mode: int = DIR_MODE) -> None:
    """Set ``dir_mode`` (0o755) on ``root`` and every folder below it and ``file_mode`` (0o644) on every file, so
    that other users can read what was written there (links are left alone)."""
    root = os.fspath(root)
    os.chmod(root, dir_mode)
    for base, dirs, files in os.walk(root):
        for d in dirs:
            p = os.path.join(base, d)
            if not os.path.islink(p):
                os.chmod(p, dir_mode)
        for f in files:
            p = os.path.join(base, f)
            if not os.path.islink(p):
                os.chmod(p, file_mode)


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


__all__ = ["atomic_open", "atomic_write", "share_tree", "FILE_MODE", "DIR_MODE"]
