"""Files on disk: reading a regular file within the size limit, and writing an output
atomically to a new or regular file (never a link, a device or a folder)."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import FrameType

from ._limits import (
    MAX_FILE_BYTES,
)
from .errors import InputFileError, Location, Msg, OutputFileError, msg

# -- reading files -------------------------------------------------------------------------

_NOT_REGULAR = {
    stat.S_IFDIR: msg("a directory"),
    stat.S_IFIFO: msg("a named pipe (FIFO)"),
    stat.S_IFCHR: msg("a character device"),
    stat.S_IFBLK: msg("a block device"),
    stat.S_IFSOCK: msg("a socket"),
}
_NOT_A_FILE = msg("not a regular file")


def _os_reason(exc: OSError, *, written: bool = False) -> Msg:
    if exc.errno == errno.ENOENT:
        return msg("file not found")
    if exc.errno == errno.ELOOP:
        why = msg("a loop of symbolic links")
    elif exc.errno in {errno.EACCES, errno.EPERM}:
        why = msg("permission denied")
    elif exc.errno == errno.EISDIR:
        return msg("expected a file, found a directory")
    elif exc.errno == errno.ENAMETOOLONG:
        why = msg("the name is too long")
    else:  # the system's own words
        why = msg("{reason}", reason=exc.strerror or str(exc))
    if written:
        return msg("cannot be written: {why}", why=why)
    return msg("cannot be read: {why}", why=why)


def read_limited(path: str | os.PathLike[str]) -> bytes:
    """A regular file's bytes, refused (:class:`InputFileError`) when it is missing,
    unreadable, not a regular file, or larger than :data:`MAX_FILE_BYTES`."""
    source = os.fspath(path)
    where = [Location(source)]
    try:
        info = os.stat(source)
        kind = stat.S_IFMT(info.st_mode)
        if kind != stat.S_IFREG:
            what = _NOT_REGULAR.get(kind, _NOT_A_FILE)
            if kind == stat.S_IFDIR:
                raise InputFileError(where, [msg("expected a file, found a directory")])
            raise InputFileError(where, [msg("expected a regular file, found {what}", what=what)])
        if info.st_size > MAX_FILE_BYTES:
            raise InputFileError(where, [_too_large(info.st_size)])
        with open(source, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputFileError(where, [_os_reason(exc)]) from None
    if len(data) > MAX_FILE_BYTES:
        raise InputFileError(where, [_too_large(len(data))])
    return data


def _too_large(size: int) -> Msg:
    return msg(
        "the file has {size:,} bytes, more than the {most:,} dti-rules reads",
        size=size,
        most=MAX_FILE_BYTES,
    )


# -- writing files -------------------------------------------------------------------------

_MAX_NAME_BYTES = 255


def _umask() -> int:
    """The process's umask, read without changing it where the system shows it."""
    with (
        contextlib.suppress(OSError, ValueError),
        open("/proc/self/status", encoding="ascii", errors="replace") as handle,
    ):
        for line in handle:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)  # pragma: no cover - systems without /proc
    os.umask(mask)  # pragma: no cover
    return mask  # pragma: no cover


def check_output_path(path: str | os.PathLike[str]) -> Path:
    """Refuse (:class:`OutputFileError`) an output path that is not a new file or an
    existing regular file in an existing folder: an empty or over-long name, a directory,
    a symbolic link, a device, a named pipe, a missing folder."""
    text = os.fspath(path)
    where = [Location(text or "''")]
    target = Path(text)
    if not text or not target.name or text.endswith(os.sep):
        raise OutputFileError(where, [msg("expected a file name, got an empty name or a folder")])
    if len(os.fsencode(target.name)) > _MAX_NAME_BYTES:
        raise OutputFileError(
            where, [msg("the file name is longer than {most} bytes", most=_MAX_NAME_BYTES)]
        )
    parent = target.parent
    try:
        info = os.lstat(text)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputFileError(where, [_os_reason(exc, written=True)]) from None
    if info is not None:
        kind = stat.S_IFMT(info.st_mode)
        if kind == stat.S_IFLNK:
            raise OutputFileError(
                where, [msg("is a symbolic link; give the path of a regular file or a new file")]
            )
        if kind != stat.S_IFREG:
            what = _NOT_REGULAR.get(kind, _NOT_A_FILE)
            raise OutputFileError(
                where, [msg("is {what}; only a regular file or a new file is written", what=what)]
            )
    if not parent.is_dir():
        raise OutputFileError(
            where, [msg("the folder {folder!r} does not exist", folder=str(parent))]
        )
    return target


@contextlib.contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """While writing, SIGTERM raises SystemExit (so clean-up runs) in the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except (ValueError, OSError):  # pragma: no cover - no signals here
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def write_atomic(path: str | os.PathLike[str], data: bytes | Iterable[bytes]) -> None:
    """Write ``data`` (bytes, or pieces of bytes written as they come) to ``path`` through a
    temporary file in the same folder, then rename.

    The path is checked first (:func:`check_output_path`). The file gets the mode an
    existing file had, or the one the umask gives a new file (``0o666 & ~umask``). A
    failure at any point, an interrupt or SIGTERM included, leaves no partial or temporary
    file behind; a failure of the system (no space, no permission) is an
    :class:`OutputFileError`.
    """
    target = check_output_path(path)
    where = [Location(os.fspath(path))]
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mode = 0o666 & ~_umask()
    tmp: str | None = None
    try:
        with _terminate_as_exit():
            try:
                fd, tmp = tempfile.mkstemp(
                    prefix=f".{target.name[:200]}.", suffix=".tmp", dir=target.parent
                )
                with os.fdopen(fd, "wb") as handle:
                    if isinstance(data, bytes):
                        handle.write(data)
                    else:
                        for piece in data:
                            handle.write(piece)
                os.chmod(tmp, mode)
                os.replace(tmp, target)
                tmp = None
            except OSError as exc:
                raise OutputFileError(
                    where, [msg("cannot be written: {why}", why=exc.strerror or str(exc))]
                ) from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
