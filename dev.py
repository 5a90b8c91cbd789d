#!/usr/bin/env python3
"""Bootstrap and run dti-rules from a fresh checkout, with nothing but python3.

    python3 dev.py demo    # score the bundled Quận 10 example submission
    python3 dev.py test    # ruff, mypy --strict, the docs site (strict) and the pytest suite
    python3 dev.py docs    # build the documentation site into site/ (open site/index.html)
    python3 dev.py docs serve   # the same, served with live reload on 127.0.0.1:8000
    python3 dev.py messages     # extract the messages (pybabel) and list those the
                                # Vietnamese catalog does not translate yet

The first call makes a virtual environment in ``.venv`` and installs the
package with its test tools; later calls reuse it (and reinstall when
``pyproject.toml`` changed).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".dti-rules-installed"


def _run(*args: str | Path) -> int:
    return subprocess.call([str(a) for a in args], cwd=ROOT)


def ensure_env() -> None:
    """Create .venv and install the project (with test extras) when needed."""
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == digest:
        return
    if not (BIN / "python").exists():
        print("dev.py: creating .venv", file=sys.stderr)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    print("dev.py: installing dti-rules and its test tools into .venv", file=sys.stderr)
    quiet = "--quiet"
    if _run(BIN / "python", "-m", "pip", "install", quiet, "--upgrade", "pip") != 0:
        sys.exit("dev.py: could not upgrade pip")
    if _run(BIN / "python", "-m", "pip", "install", quiet, "-e", ".[test]") != 0:
        sys.exit("dev.py: installing the project failed")
    STAMP.write_text(digest)


#: The gettext keywords of the code, as ``pybabel extract -k`` takes them, and where each
#: is used: error messages (``errors.msg``) and labels (``t``, ``p`` with a context, and
#: ``N_`` for a label kept to be translated where it is shown) everywhere.
MESSAGE_SOURCES = (
    (("msg",), ("src/dti_rules",)),
    (("t", "p:1c,2", "N_"), ("src/dti_rules",)),
)
CATALOG = ROOT / "src" / "dti_rules" / "locale" / "vi" / "LC_MESSAGES" / "dti_rules.po"

_MISSING = """
import sys
from babel.messages.pofile import read_po
with open(sys.argv[1], "rb") as pot, open(sys.argv[2], "rb") as po:
    wanted, have = read_po(pot), read_po(po, locale="vi")
missing = [m for m in wanted if m.id and not (have.get(m.id, m.context) or m).string]
for m in missing:
    print(f"untranslated: {m.context + ' | ' if m.context else ''}{m.id!r}  ({m.locations[0][0]})")
sys.exit(1 if missing else 0)
"""


def _messages() -> int:
    """Extract every message with pybabel, and list those the catalog lacks (add them to
    the .po by hand: it merges as a union of entries, so it is never regenerated)."""
    worst = 0
    with tempfile.TemporaryDirectory() as folder:
        for index, (keywords, sources) in enumerate(MESSAGE_SOURCES):
            pot = Path(folder) / f"dti_rules-{index}.pot"
            options = [arg for keyword in keywords for arg in ("-k", keyword)]
            extract = ["extract", "--no-default-keywords", *options, "-o", pot, *sources]
            code = _run(BIN / "pybabel", "-q", *extract)
            if code == 0:
                code = _run(BIN / "python", "-c", _MISSING, pot, CATALOG)
            worst = max(worst, code)
    return worst


def _mkdocs(*args: str | Path) -> int:
    # mkdocs' plugins print a banner about future releases on every build; it is noise here.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    return subprocess.call([str(BIN / "mkdocs"), *map(str, args)], cwd=ROOT, env=env)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "help"
    rest = argv[1:]
    if command == "demo":
        ensure_env()
        return _run(
            BIN / "dti-rules",
            "score",
            "q10-dti-2024",
            ROOT / "examples" / "q10-dti-2024.example.json",
            *rest,
        )
    if command == "test":
        ensure_env()
        lint = [p for p in ("src", "tests", "benchmarks", "docs", "dev.py") if (ROOT / p).exists()]
        for step in ([BIN / "ruff", "check", *lint], [BIN / "mypy"]):
            code = _run(*step)
            if code != 0:
                return code
        with tempfile.TemporaryDirectory() as site:
            code = _mkdocs("build", "--strict", "--site-dir", site)
        if code != 0:
            print("dev.py: the documentation site does not build (strict)", file=sys.stderr)
            return code
        return _run(BIN / "python", "-m", "pytest", *rest)
    if command == "docs":
        ensure_env()
        if rest[:1] == ["serve"]:
            return _mkdocs("serve", "--strict", "--dev-addr", "127.0.0.1:8000", *rest[1:])
        code = _mkdocs("build", "--strict", *rest)
        if code == 0:
            print(f"dev.py: site built in {ROOT / 'site'}; open site/index.html", file=sys.stderr)
        return code
    if command == "messages":
        ensure_env()
        return _messages()
    if command == "env":
        ensure_env()
        return 0
    print(__doc__)
    return 0 if command in {"help", "-h", "--help"} else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
