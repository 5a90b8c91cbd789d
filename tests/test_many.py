"""evaluate_many: the same Results as a loop, in input order, in this process or in
workers; Results that cross processes without their rule set."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dti_rules import (
    DtiRulesError,
    errors,
    evaluate,
    evaluate_many,
    load_ruleset,
    ruleset_from_data,
    submission_from_data,
)
from dti_rules.engine import BACKENDS
from dti_rules.rulesets import examples_dir

ROOT = Path(__file__).resolve().parents[1]
Q10 = load_ruleset("q10-dti-2024")
EXAMPLE = examples_dir() / "q10-dti-2024.example.json"


def _units(count: int) -> list[dict[str, object]]:
    """Variants of the bundled example: other units, some inputs changed or left out."""
    base = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    units = []
    for n in range(count):
        data = json.loads(json.dumps(base))
        data["unit"]["id"] = f"u{n}"
        data["unit"]["name"] = f"Đơn vị {n}"
        inputs = data["inputs"]
        for k, key in enumerate(sorted(inputs)):
            if (k + n) % 5 == 0:
                del inputs[key]
        units.append(data)
    return units


@pytest.fixture(scope="module")
def submissions() -> list[object]:
    return [submission_from_data(data, Q10) for data in _units(24)]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("workers", [None, 1, 2])
def test_the_same_results_as_a_loop_in_input_order(
    submissions: list[object], backend: str, workers: int | None
) -> None:
    expected = [evaluate(Q10, s, backend=backend).to_json() for s in submissions]  # type: ignore[arg-type]
    got = [
        r.to_json()
        for r in evaluate_many(Q10, submissions, backend=backend, workers=workers, chunk_size=5)  # type: ignore[arg-type]
    ]
    assert got == expected


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_stream_on_workers_gives_the_results_of_a_loop(
    submissions: list[object], backend: str
) -> None:
    """Submissions from a generator are sent to the workers (a list is not: forked workers
    start with it); both ways the Results are those of a loop, in order."""
    expected = [evaluate(Q10, s, backend=backend).to_json("vi") for s in submissions]  # type: ignore[arg-type]
    stream = (s for s in submissions)
    got = list(evaluate_many(Q10, stream, backend=backend, workers=2, chunk_size=5))  # type: ignore[arg-type]
    assert [r.to_json("vi") for r in got] == expected


@pytest.mark.parametrize("as_list", [True, False])
def test_results_from_workers_refer_to_the_callers_submissions(
    submissions: list[object], as_list: bool
) -> None:
    """Each Result comes back without its submission, which the caller holds already."""
    given = submissions[:7]
    source = given if as_list else iter(given)
    results = list(evaluate_many(Q10, source, backend="native", workers=2, chunk_size=3))  # type: ignore[arg-type]
    for result, sub in zip(results, given, strict=True):
        kept = result._breakdown.args[1]  # the submission its items are made from
        assert kept is sub
        assert result.submission_fingerprint == sub.fingerprint  # type: ignore[attr-defined]


def test_paths_and_submissions_mixed(tmp_path: Path, submissions: list[object]) -> None:
    paths = []
    for n, data in enumerate(_units(6)):
        path = tmp_path / f"u{n}.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    mixed = [paths[0], submissions[1], str(paths[2]), paths[3], submissions[4], paths[5]]
    ids = [r.unit.id for r in evaluate_many(Q10, mixed, backend="native", workers=2, chunk_size=1)]  # type: ignore[arg-type]
    assert ids == [f"u{n}" for n in range(6)]
    streamed = evaluate_many(Q10, iter(mixed), backend="native", workers=2, chunk_size=4)  # type: ignore[arg-type]
    expected = [evaluate(Q10, submission_from_data(d, Q10), backend="native") for d in _units(6)]
    assert [r.to_json() for r in streamed] == [r.to_json() for r in expected]


def test_the_input_is_read_as_results_are_taken(submissions: list[object]) -> None:
    taken: list[int] = []

    def source() -> Iterator[object]:
        for n, s in enumerate(submissions):
            taken.append(n)
            yield s

    stream = evaluate_many(Q10, source(), backend="native")  # type: ignore[arg-type]
    next(stream)
    assert taken == [0]


@pytest.mark.parametrize("workers", [None, 2])
def test_an_error_is_raised_where_its_submission_stands(
    tmp_path: Path, submissions: list[object], workers: int | None
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    stream = evaluate_many(
        Q10,
        [submissions[0], submissions[1], broken, submissions[3]],  # type: ignore[list-item]
        backend="native",
        workers=workers,
        chunk_size=1,
    )
    assert [next(stream).unit.id, next(stream).unit.id] == ["u0", "u1"]
    with pytest.raises(DtiRulesError, match=r"broken\.json"):
        next(stream)


def test_a_result_pickles_without_its_rule_set(submissions: list[object]) -> None:
    result = evaluate(Q10, submissions[0], backend="native")  # type: ignore[arg-type]
    data = pickle.dumps(result)
    assert len(data) * 20 < len(pickle.dumps(Q10)), "a Result must not carry its rule set"
    assert len(data) < 10_000  # about 9 kB, most of it the submission's texts
    back = pickle.loads(data)
    assert back == result
    assert back.to_json() == result.to_json()


def test_another_process_finds_the_rule_set_again(submissions: list[object]) -> None:
    result = evaluate(Q10, submissions[0], backend="native")  # type: ignore[arg-type]
    code = (
        "import pickle, sys\n"
        "result = pickle.loads(sys.stdin.buffer.read())\n"
        "sys.stdout.write(result.to_json())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], input=pickle.dumps(result), capture_output=True, check=True
    )
    assert done.stdout.decode("utf-8") == result.to_json()


def test_a_rule_set_that_cannot_be_found_again_is_named() -> None:
    data = json.loads(json.dumps(Q10.spec.model_dump(mode="json", by_alias=True)))
    data["id"] = "q10-in-memory"
    in_memory = ruleset_from_data(data)
    sub = submission_from_data(
        {"unit": {"id": "x", "name": "X", "level": "district"}, "period": "2024"}, in_memory
    )
    pickled = pickle.dumps(evaluate(in_memory, sub, backend="native"))
    code = (
        "import pickle, sys\n"
        "result = pickle.loads(sys.stdin.buffer.read())\n"
        "print(result.points)\n"
        "try:\n"
        "    result.targets\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__, exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], input=pickled, capture_output=True, check=True
    )
    out = done.stdout.decode("utf-8")
    assert "UnknownRuleSetError" in out
    assert "q10-in-memory" in out
    assert "load it first" in out


def test_bad_arguments_are_refused(submissions: list[object]) -> None:
    with pytest.raises(ValueError, match="chunk_size"):
        next(evaluate_many(Q10, submissions, chunk_size=0))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="workers"):
        next(evaluate_many(Q10, submissions, workers=-2))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "error",
    [
        errors.SubmissionError([errors.Location("a.json", "inputs[0]", 3)], ["expected a number"]),
        errors.RuleSetError([errors.Location("r.yaml", "groups")], ["expected a list"]),
        errors.DeadlinePhraseError("Quý V/2024", "a quarter is I to IV, not V"),
        errors.UnknownRuleSetError("'x' is neither a bundled rule set nor a file"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_errors_cross_processes_whole(error: errors.DtiRulesError) -> None:
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error)
    assert str(back) == str(error)
    assert getattr(back, "problems", None) == getattr(error, "problems", None)


def test_rank_on_workers_prints_what_one_process_prints(tmp_path: Path) -> None:
    from click.testing import CliRunner  # noqa: PLC0415

    from dti_rules.cli import POOL_FROM, main  # noqa: PLC0415

    paths = []
    for n, data in enumerate(_units(POOL_FROM + 6)):
        path = tmp_path / f"u{n}.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        paths.append(str(path))
    args = ["rank", "q10-dti-2024", *paths, "--backend", "native", "--format", "json"]
    one = CliRunner().invoke(main, [*args, "--jobs", "1"])
    two = CliRunner().invoke(main, [*args, "--jobs", "2"])
    assert one.exit_code == 0, one.output
    assert two.exit_code == 0, two.output
    assert two.output == one.output
    assert len(json.loads(one.output)["units"]) == POOL_FROM + 6


def test_rank_on_workers_names_a_broken_file(tmp_path: Path) -> None:
    from click.testing import CliRunner  # noqa: PLC0415

    from dti_rules.cli import POOL_FROM, main  # noqa: PLC0415

    paths = []
    for n, data in enumerate(_units(POOL_FROM)):
        path = tmp_path / f"u{n}.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        paths.append(str(path))
    (tmp_path / "u7.json").write_text('{"unit": ', encoding="utf-8")
    out = tmp_path / "ranking.json"
    result = CliRunner().invoke(
        main,
        ["rank", "q10-dti-2024", *paths, "--backend", "native", "--jobs", "2", "-o", str(out)],
    )
    assert result.exit_code == 3
    assert "u7.json" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
