"""A unit scored from the rule-set cache loads only what scoring it needs.

Each check runs in a fresh interpreter (with its own cache folder, filled first) and reads
``sys.modules`` afterwards; how long it takes is measured by ``benchmarks/bench_scale.py``.
"""

from __future__ import annotations

from pathlib import Path

from ._modules import loaded_after

SCORE_WITHOUT_EVENTS = """
from dti_rules import evaluate, load_ruleset, submission_from_data
rs = load_ruleset('q10-dti-2024')
data = {'unit': {'id': 'u', 'name': 'U', 'level': 'ward'}, 'period': '2024',
        'inputs': {'I.1.decision': {'value': True, 'evidence': 'QĐ 1'}},
        'done': {rs.schedule[0].id: rs.schedule[0].due.isoformat()}}
evaluate(rs, submission_from_data(data, rs), backend='native').points
"""


def _loaded_after(code: str, cache: Path) -> set[str]:
    return loaded_after(code, {"DTI_RULES_CACHE_DIR": str(cache)})


def test_scoring_from_a_warm_cache_needs_neither_the_rule_set_model_nor_yaml(
    tmp_path: Path,
) -> None:
    _loaded_after(SCORE_WITHOUT_EVENTS, tmp_path)  # fills the cache
    warm = _loaded_after(SCORE_WITHOUT_EVENTS, tmp_path)
    # a cached rule set holds its rules and terms as plain values: its validated
    # specification is loaded only when read, and JSON data needs no YAML parser
    assert not warm & {"pydantic", "pydantic_core", "dti_rules.model", "yaml"}
    rs_spec = _loaded_after(SCORE_WITHOUT_EVENTS + "rs.spec.title\n", tmp_path)
    assert "dti_rules.model" in rs_spec  # and is there when read


def test_dating_events_in_the_rule_sets_years_needs_no_holidays_package(tmp_path: Path) -> None:
    # the example dates events, whose due days are moved past days off: the cached rule set
    # carries the work calendar of its years, so the holidays package is not needed again
    code = (
        "from dti_rules import evaluate, load_ruleset, load_submission\n"
        "from dti_rules.rulesets import examples_dir\n"
        "rs = load_ruleset('q10-dti-2024')\n"
        "sub = load_submission(examples_dir() / 'q10-dti-2024.example.json', rs)\n"
        "assert sub.event_map, 'the example dates no event'\n"
        "evaluate(rs, sub).to_json()\n"
    )
    _loaded_after(code, tmp_path)
    warm = _loaded_after(code, tmp_path)
    assert "holidays" not in warm
    # a year the rule set does not carry is computed from the package as before
    later = _loaded_after(
        code + "from dti_rules.calendar import VIETNAM\nimport datetime as dt\n"
        "VIETNAM.is_working_day(dt.date(2031, 9, 2))\n",
        tmp_path,
    )
    assert "holidays" in later


def test_scoring_from_a_warm_cache_needs_no_holidays_durable_rules_or_worker_pools(
    tmp_path: Path,
) -> None:
    _loaded_after(SCORE_WITHOUT_EVENTS, tmp_path)  # fills the cache
    assert any(tmp_path.rglob("*")), "the rule set was not cached"
    warm = _loaded_after(SCORE_WITHOUT_EVENTS, tmp_path)
    # public holidays are needed only to date deadlines: the cached rule set has its due
    # days already, and this unit dates no event
    assert "holidays" not in warm
    assert not warm & {"durable", "durable_rules_engine", "multiprocessing", "rich"}
    assert "dti_rules.engine._native" in warm and "dti_rules.engine._many" not in warm


def test_the_score_command_from_a_warm_cache_loads_only_what_it_draws(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[1] / "examples" / "q10-dti-2024.example.json"
    code = (
        "from dti_rules.cli import main\n"
        "try:\n"
        f"    main(['score', 'q10-dti-2024', {str(example)!r}])\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
    )
    _loaded_after(code, tmp_path)
    warm = _loaded_after(code, tmp_path)
    assert "rich" in warm  # the table
    # neither the rule-set model, the YAML parser, the phrase reader nor the holidays
    assert not warm & {
        "pydantic",
        "dti_rules.model",
        "yaml",
        "dti_rules.calendar.phrases",
        "dti_rules.calendar._phrase_grammar",
        "holidays",
    }
