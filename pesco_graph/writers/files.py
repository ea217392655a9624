"""Writing files atomically: one file through a temporary file and a rename, or a set of
files that replaces the previous set as a whole."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import BinaryIO

from ..errors import OutputError

__all__ = ["write_atomic", "write_set", "Content"]

#: What a file is made of: its bytes, or a function that writes them to an open file (so a
#: large file is streamed, never held whole).
Content = bytes | Callable[[BinaryIO], None]


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _mode() -> int:
    return 0o666 & ~_umask()


def _fill(handle: BinaryIO, data: Content) -> None:
    if isinstance(data, bytes):
        handle.write(data)
    else:
        data(handle)


def write_atomic(path: str | Path, data: Content) -> Path:
    """Write ``data`` (bytes, or a function writing to the open file) to ``path`` through a
    temporary file and a rename: never a torn file.

    A path that cannot be written (a folder, a read-only place, a full disk) raises
    :class:`~pesco_graph.errors.OutputError`, and whatever was at ``path`` stays.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_atomic(folder / "a" / "b.txt", b"hi").read_bytes()
    b'hi'
    """
    path = Path(path)
    tmp = None
    try:
        if path.is_dir():
            raise IsADirectoryError(21, "is a folder")
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.chmod(tmp, _mode())  # mkstemp makes the file readable by its owner only
        with os.fdopen(fd, "wb") as handle:
            _fill(handle, data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_set(folder: str | Path, files: Mapping[str, Content]) -> list[Path]:
    """Write ``files`` (name -> bytes, or a function writing to the open file) into
    ``folder`` as one set, one file after the other.

    The files are written into a fresh sibling folder, which then takes ``folder``'s place
    by two renames; a run killed at any point leaves the old set or the new one (or, for an
    instant between the renames, the old set under ``.{name}.old``), never a mix. Files of the
    old set that the new one does not hold are kept, copied into the new set first.
    """
    folder = Path(folder)
    staging: Path | None = None
    try:
        if folder.exists() and not folder.is_dir():
            raise NotADirectoryError(20, "is a file, not a folder")
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".new", dir=folder.parent))
        os.chmod(staging, 0o777 & ~_umask())
        if folder.is_dir():
            for old in folder.iterdir():
                if old.name not in files:
                    if old.is_dir():
                        shutil.copytree(old, staging / old.name, symlinks=True)
                    else:
                        shutil.copy2(old, staging / old.name)
        mode = _mode()
        for name, data in files.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "wb") as handle:
                _fill(handle, data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(target, mode)
        retired = folder.parent / f".{folder.name}.old"
        if retired.exists():
            shutil.rmtree(retired)
        if folder.is_dir():
            os.replace(folder, retired)
        os.replace(staging, folder)
        staging = None
        shutil.rmtree(retired, ignore_errors=True)
    except OSError as exc:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"cannot write {folder}: {exc.strerror or exc}") from None
    except BaseException:  # a writer's own error, or an interrupt: the old set stays
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    return [folder / name for name in files]
