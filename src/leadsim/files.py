"""Writing files so that nothing already computed is lost: atomic, durable, readable by others.

Every result file leadsim writes goes through :func:`write_atomically`: the content is written
to a temporary file in the same directory, flushed to the disk (``fsync``), moved onto the final
name with :func:`os.replace` (atomic on POSIX), and then the directory itself is flushed, so that
after a crash or a power loss a reader finds either the old file or the whole new one, never a
truncated or zero-length file under the final name. The file gets the mode any new file gets
(``0o666`` less the umask), not ``mkstemp``'s private ``0o600``.

:func:`check_writable_directory` is the check made before any work starts: it creates the output
directory and writes and removes a probe file in it, so that an unwritable ``--out`` is reported
at once rather than after hours of runs.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from leadsim.errors import OutputError, ParameterError

__all__ = [
    "check_writable_directory",
    "fsync_directory",
    "save_csv",
    "save_figure",
    "save_text",
    "umask",
    "write_atomically",
]


def umask() -> int:
    """The process's umask (read without changing it for longer than the call)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def fsync_directory(directory: Path) -> None:
    """Flush a directory's entries (a rename in it) to the disk, where the platform allows it."""
    try:
        handle = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms that cannot open a directory (Windows)
        return
    try:
        os.fsync(handle)
    except OSError as exc:  # pragma: no cover - file systems that refuse fsync on a directory
        if exc.errno not in (errno.EINVAL, errno.EBADF, errno.ENOTSUP):
            raise
    finally:
        os.close(handle)


def write_atomically(path: str | Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp)`` on a temporary file, make it durable, then move it onto ``path``.

    Args:
        path: The final file name.
        write: Writes the whole content to the path it is given.

    Returns:
        ``path``.

    Raises:
        OutputError: Anything failed (a full disk, no permission); the message names ``path``.
            ``path`` is then untouched and no temporary file is left.
    """
    path = Path(path)
    tmp: Path | None = None
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(handle)
        tmp = Path(name)
        write(tmp)
        os.chmod(tmp, 0o666 & ~umask())
        descriptor = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(tmp, path)
        tmp = None
        fsync_directory(path.parent)
    except OSError as exc:
        raise OutputError(path, exc.strerror or str(exc)) from exc
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
    return path


def check_writable_directory(directory: str | Path, option: str = "--out") -> Path:
    """Create ``directory`` if needed and check that files can be written in it, before any work.

    Args:
        directory: The output directory.
        option: The option or field that named it, for the message.

    Returns:
        The directory.

    Raises:
        ParameterError: ``directory`` is empty text.
        OutputError: It cannot be created, is not a directory, or is not writable.
    """
    if str(directory).strip() == "":
        raise ParameterError(option, "must be a directory path, not empty", str(directory))
    path = Path(directory)
    if path.exists() and not path.is_dir():
        raise OutputError(path, "exists and is not a directory")
    try:
        path.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(prefix=".leadsim-probe.", dir=path)
        os.close(handle)
        os.unlink(probe)
    except OSError as exc:
        reason = f"cannot create the directory or a file in it ({exc.strerror or exc})"
        raise OutputError(path, reason) from exc
    return path


def save_csv(table: Any, path: str | Path) -> Path:
    """Write a pandas table as CSV (no index) through :func:`write_atomically`."""
    return write_atomically(path, lambda tmp: table.to_csv(tmp, index=False))


def save_figure(figure: Any, path: str | Path, *, dpi: int = 110) -> Path:
    """Save a matplotlib figure as PNG through :func:`write_atomically`."""
    return write_atomically(path, lambda tmp: figure.savefig(tmp, dpi=dpi, format="png"))


def save_text(text: str, path: str | Path) -> Path:
    """Write UTF-8 text through :func:`write_atomically`."""
    return write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
