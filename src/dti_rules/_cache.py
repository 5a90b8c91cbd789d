"""Compiled rule sets kept on disk between processes.

Reading, validating and compiling a rule-set file takes hundreds of milliseconds; loading
the compiled rule set back takes a few. :func:`cached` keeps each compiled rule set in the
user's cache directory (``platformdirs``' convention: ``~/.cache/dti-rules`` on Linux), in
a file named after the sha256 of

- the rule-set file's bytes and the name it was loaded by,
- the dti-rules version and a digest of the package's own source files,
- the installed release of the holidays package (a compiled rule set holds due days and
  work-calendar years computed from its public holidays),

so a changed file, another release or an edited checkout never meets an old entry. Each
entry also states that key inside it: an entry whose content does not match (a stale
format, a truncated or corrupt file) is ignored, rebuilt and replaced. Entries are written
to a private temporary file and renamed into place, so two processes that write the same
entry at once both leave a whole file.

The folder keeps the entries used most recently: after writing an entry, the oldest beyond
:data:`KEEP` (by the time each was last written or read) are removed, and so are temporary
files a killed process left behind.

An entry is a pickle, so the folder must be the user's own: a folder owned by someone else,
or one that others may write to, is not used (the rule set is then compiled every time).
``DTI_RULES_CACHE_DIR`` names another folder; ``DTI_RULES_NO_CACHE=1`` turns the cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import pickle
import stat
import sys
import tempfile
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

import platformdirs

from .compiled import CompiledRuleSet

__all__ = ["KEEP", "cache_dir", "cached", "code_digest", "installed_release"]

#: How many entries the folder keeps (each some tens or hundreds of kilobytes).
KEEP = 64
#: Temporary files older than this many seconds were left by a process that was killed.
_STALE_TEMP = 3600
_MAGIC = b"dti-rules compiled rule set\n"
_FORMAT = 2


#: Packages whose data a compiled rule set holds (its due days follow the public holidays).
_DATA_PACKAGES = ("holidays",)


def installed_release(name: str) -> str:
    """Which release of the package ``name`` is installed, found without importing it: the
    name of its distribution's metadata folder (``holidays-0.109.dist-info``), else the text
    of its version module, else its file's size and time."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        return f"{name}: not installed"
    package = Path(spec.origin).parent
    found = sorted(p.name for p in package.parent.glob(f"{name}-*.dist-info"))
    if found:
        return ",".join(found)
    version = package / "version.py"
    if version.is_file():
        return version.read_text(encoding="utf-8", errors="replace")
    info = Path(spec.origin).stat()
    return f"{name}: {info.st_size} {info.st_mtime_ns}"


@cache
def code_digest() -> str:
    """A digest of dti-rules' version, of every source file of the installed package and of
    the releases of the packages whose data a compiled rule set holds."""
    from . import __version__  # noqa: PLC0415 - the package imports this module first

    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"{__version__}\0{_FORMAT}\0{sys.version_info[:2]}".encode())
    for name in _DATA_PACKAGES:
        digest.update(installed_release(name).encode("utf-8") + b"\0")
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def cache_dir() -> Path | None:
    """The folder compiled rule sets are kept in, or None when the cache is off."""
    if os.environ.get("DTI_RULES_NO_CACHE", "").strip() not in ("", "0"):
        return None
    chosen = os.environ.get("DTI_RULES_CACHE_DIR", "").strip()
    if chosen:
        return Path(chosen)
    return Path(platformdirs.user_cache_dir("dti-rules", appauthor=False))


def _usable(folder: Path) -> bool:
    """The folder exists (it is made, private, when missing) and only its owner writes it."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False
    return not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _key(path: Path, shown: str) -> str:
    digest = hashlib.sha256(code_digest().encode("ascii") + b"\0")
    digest.update(shown.encode("utf-8", "surrogateescape") + b"\0")
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read(entry: Path, key: str) -> CompiledRuleSet | None:
    try:
        with entry.open("rb") as handle:
            if handle.read(len(_MAGIC)) != _MAGIC or handle.readline().strip() != key.encode():
                return None
            checksum = handle.readline().strip()
            payload = handle.read()
        if hashlib.sha256(payload).hexdigest().encode("ascii") != checksum:
            return None  # truncated or damaged: rebuilt, never half-trusted
        # The entry is the user's own file in a folder only the user writes (_usable).
        found = pickle.loads(payload)  # noqa: S301
    except FileNotFoundError:
        return None
    except Exception:  # a damaged entry of any kind is rebuilt, never trusted
        return None
    return found if isinstance(found, CompiledRuleSet) else None


def _write(folder: Path, entry: Path, key: str, ruleset: CompiledRuleSet) -> None:
    body = pickle.dumps(ruleset, protocol=5)
    checksum = hashlib.sha256(body).hexdigest()
    payload = b"%s%s\n%s\n%s" % (_MAGIC, key.encode("ascii"), checksum.encode("ascii"), body)
    handle, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pickle")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
        os.replace(temp, entry)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        return
    _prune(folder)


def _prune(folder: Path) -> None:
    """Remove the entries beyond the :data:`KEEP` used most recently, and stale temporary
    files; another process removing the same files at once is no error."""
    entries: list[tuple[int, Path]] = []
    now = time.time()
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            with contextlib.suppress(OSError):
                info = path.stat()
                if path.name.startswith("ruleset-") and path.suffix == ".pickle":
                    entries.append((info.st_mtime_ns, path))
                elif path.name.startswith(".tmp-") and now - info.st_mtime > _STALE_TEMP:
                    path.unlink()
    entries.sort(reverse=True)
    for _used, path in entries[KEEP:]:
        with contextlib.suppress(OSError):
            path.unlink()


def cached(path: Path, shown: str, build: Callable[[], CompiledRuleSet]) -> CompiledRuleSet:
    """The compiled rule set of the file at ``path``, from the cache or from ``build()``.

    ``build`` reads, validates and compiles the file; its errors pass through, and nothing
    is kept for a file that does not compile.
    """
    folder = cache_dir()
    if folder is None or not _usable(folder):
        return build()
    try:
        key = _key(path, shown)
    except OSError:
        return build()  # build() reports the unreadable file where it stands
    entry = folder / f"ruleset-{key}.pickle"
    found = _read(entry, key)
    if found is not None:
        with contextlib.suppress(OSError):
            os.utime(entry)  # used now: kept longest when the folder is pruned
        return found
    ruleset = build()
    _write(folder, entry, key, ruleset)
    return ruleset
