"""What a fresh interpreter has imported after running a piece of code: the start-up checks
read ``sys.modules`` this way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping


def loaded_after(code: str, env: Mapping[str, str] | None = None) -> set[str]:
    """Every module name in ``sys.modules`` after ``code`` ran in a new interpreter (with
    ``env`` added to this process's environment)."""
    script = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))\n"
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=None if env is None else {**os.environ, **env},
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.splitlines()[-1]))
