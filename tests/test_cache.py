"""Compiled rule sets kept between processes: hits, misses, stale and corrupt entries,
folders that are not the user's own, and several processes writing at once."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import holidays
import pytest

from dti_rules import _cache, evaluate, load_ruleset, rulesets, submission_from_data
from dti_rules.errors import RuleSetError

ROOT = Path(__file__).resolve().parents[1]
Q10 = ROOT / "rules" / "q10-dti-2024.yaml"
EXAMPLE = ROOT / "examples" / "q10-dti-2024.example.json"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    cache = tmp_path / "cache"
    monkeypatch.setenv("DTI_RULES_CACHE_DIR", str(cache))
    monkeypatch.delenv("DTI_RULES_NO_CACHE", raising=False)
    rulesets._load_cached.cache_clear()
    yield cache
    rulesets._load_cached.cache_clear()


@pytest.fixture
def q10_copy(tmp_path: Path) -> Path:
    path = tmp_path / "q10.yaml"
    shutil.copyfile(Q10, path)
    return path


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files compiled from their text (cache misses), in order."""
    calls: list[str] = []
    real = rulesets._build

    def counting(shown: str) -> rulesets.CompiledRuleSet:
        calls.append(shown)
        return real(shown)

    monkeypatch.setattr(rulesets, "_build", counting)
    return calls


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("ruleset-*.pickle"))


def _reload(path: Path) -> rulesets.CompiledRuleSet:
    rulesets._load_cached.cache_clear()  # as a new process would
    return load_ruleset(path)


def _scored(ruleset: rulesets.CompiledRuleSet) -> bytes:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return evaluate(ruleset, submission_from_data(data, ruleset), backend="native").to_json()


def test_a_miss_compiles_and_keeps_the_rule_set(
    folder: Path, q10_copy: Path, builds: list[str]
) -> None:
    first = load_ruleset(q10_copy)
    assert builds == [str(q10_copy)]
    assert len(_entries(folder)) == 1
    again = _reload(q10_copy)
    assert builds == [str(q10_copy)], "the second load must come from the cache"
    assert again == first
    assert again.origin == first.origin
    assert _scored(again) == _scored(first)


def test_a_changed_file_is_compiled_again(folder: Path, q10_copy: Path, builds: list[str]) -> None:
    before = load_ruleset(q10_copy)
    q10_copy.write_text(
        q10_copy.read_text(encoding="utf-8").replace("title:", "title: Bản sửa -", 1),
        encoding="utf-8",
    )
    after = _reload(q10_copy)
    assert len(builds) == 2
    assert after.title != before.title
    assert len(_entries(folder)) == 2


def test_another_version_never_meets_an_old_entry(
    folder: Path, q10_copy: Path, builds: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    load_ruleset(q10_copy)
    monkeypatch.setattr(_cache, "code_digest", lambda: "another release of dti-rules")
    _reload(q10_copy)
    assert len(builds) == 2


def test_another_release_of_holidays_never_meets_an_old_entry(
    folder: Path, q10_copy: Path, builds: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # a compiled rule set holds due days moved past public holidays: a holidays release
    # that adds a holiday (a new decree) must not meet due days computed before it
    load_ruleset(q10_copy)
    _reload(q10_copy)
    assert len(builds) == 1
    real = _cache.installed_release
    monkeypatch.setattr(
        _cache,
        "installed_release",
        lambda name: "holidays-99.0.dist-info" if name == "holidays" else real(name),
    )
    _cache.code_digest.cache_clear()
    try:
        _reload(q10_copy)
    finally:
        _cache.code_digest.cache_clear()
    assert len(builds) == 2


def test_the_holidays_release_is_read_from_its_installed_distribution() -> None:
    assert _cache.installed_release("holidays") == f"holidays-{holidays.__version__}.dist-info"
    assert _cache.installed_release("no_such_package_here") == (
        "no_such_package_here: not installed"
    )


def test_a_cached_rule_set_loads_its_specification_when_read(folder: Path, q10_copy: Path) -> None:
    fresh = load_ruleset(q10_copy)
    again = _reload(q10_copy)
    assert again is not fresh
    assert type(again._spec).__name__ == "_Packed"
    assert again.terms == fresh.terms
    assert again.spec == fresh.spec  # loaded now
    assert type(again._spec).__name__ == "RuleSetSpec"


def test_a_cached_rule_set_carries_its_work_calendar_years(folder: Path, q10_copy: Path) -> None:
    fresh = load_ruleset(q10_copy)
    assert [y.year for y in fresh.work_years] == [2024, 2025]
    again = _reload(q10_copy)
    assert again.work_years == fresh.work_years
    assert {d.isoformat() for d in again.work_years[0].off} >= {"2024-04-30", "2024-09-02"}


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated while written
        lambda data: b"\x00" * len(data),  # zeroed
        lambda data: data.replace(b"\n", b"\nX", 1),  # the key line changed
        lambda data: data[:200] + b"garbage" + data[207:],  # the pickle damaged
    ],
    ids=["truncated", "zeroed", "other-key", "damaged-pickle"],
)
def test_a_corrupt_entry_is_rebuilt_and_replaced(
    folder: Path, q10_copy: Path, builds: list[str], damage: object
) -> None:
    fresh = load_ruleset(q10_copy)
    (entry,) = _entries(folder)
    entry.write_bytes(damage(entry.read_bytes()))  # type: ignore[operator]
    again = _reload(q10_copy)
    assert len(builds) == 2
    assert _scored(again) == _scored(fresh)
    _reload(q10_copy)
    assert len(builds) == 2, "the rebuilt entry replaced the damaged one"


def test_a_folder_others_may_write_is_not_used(
    folder: Path, q10_copy: Path, builds: list[str]
) -> None:
    folder.mkdir(mode=0o700)
    folder.chmod(0o777)
    load_ruleset(q10_copy)
    _reload(q10_copy)
    assert len(builds) == 2
    assert _entries(folder) == []


def test_the_cache_can_be_turned_off(
    folder: Path, q10_copy: Path, builds: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DTI_RULES_NO_CACHE", "1")
    load_ruleset(q10_copy)
    _reload(q10_copy)
    assert len(builds) == 2
    assert not folder.exists()


def test_a_new_folder_is_private(folder: Path, q10_copy: Path) -> None:
    load_ruleset(q10_copy)
    assert stat.S_IMODE(folder.stat().st_mode) & 0o077 == 0


def test_a_file_that_does_not_compile_leaves_nothing(folder: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\ntitle: 1\n", encoding="utf-8")
    with pytest.raises(RuleSetError):
        load_ruleset(bad)
    assert _entries(folder) == []


def _load_in_child(args: tuple[str, str]) -> str:
    cache, path = args
    os.environ["DTI_RULES_CACHE_DIR"] = cache
    rulesets._load_cached.cache_clear()
    return load_ruleset(path).fingerprint


def test_processes_writing_at_once_all_leave_whole_entries(folder: Path, q10_copy: Path) -> None:
    context = multiprocessing.get_context("spawn")
    with context.Pool(4) as pool:
        prints = pool.map(_load_in_child, [(str(folder), str(q10_copy))] * 8)
    assert len(set(prints)) == 1
    (entry,) = _entries(folder)
    assert list(folder.glob(".tmp-*")) == []
    assert _cache._read(entry, entry.stem.removeprefix("ruleset-")) is not None
    assert _reload(q10_copy).fingerprint == prints[0]


def test_the_folder_keeps_the_entries_used_most_recently(
    folder: Path, q10_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_cache, "KEEP", 3)
    folder.mkdir(mode=0o700, parents=True)
    old = []
    for i in range(5):  # entries of earlier versions, oldest first
        path = folder / f"ruleset-{i:064x}.pickle"
        path.write_bytes(b"an entry of an earlier version")
        os.utime(path, (1_000_000 + i, 1_000_000 + i))
        old.append(path)
    os.utime(old[0], (2_000_000, 2_000_000))  # the oldest was read most recently
    left = folder / ".tmp-killed.pickle"  # left by a process killed while writing
    left.write_bytes(b"half")
    os.utime(left, (1_000_000, 1_000_000))
    writing = folder / ".tmp-now.pickle"  # another process writing now
    writing.write_bytes(b"half")
    load_ruleset(q10_copy)
    kept = {p.name for p in folder.iterdir()}
    new = {p.name for p in _entries(folder)} - {p.name for p in old}
    assert len(new) == 1
    assert kept == new | {old[0].name, old[4].name, writing.name}


def test_a_hit_marks_its_entry_as_used(folder: Path, q10_copy: Path) -> None:
    load_ruleset(q10_copy)
    (entry,) = _entries(folder)
    os.utime(entry, (1_000_000, 1_000_000))
    _reload(q10_copy)
    assert entry.stat().st_mtime > 1_000_000
