"""Every rule's metadata and its own examples, collected from the registry."""

import contextlib
import os
import re
import string
import tempfile

import pytest

from conftest import ROOT
from lint_rules.engine import lint_source
from lint_rules.fixer import fix_source
from lint_rules.pins import Pin, parse_spec
from lint_rules.registry import all_rules
from lint_rules.rule import FixAvailability
from lint_rules.stack import stack_for
from lint_rules.versions import NEWEST_KNOWN, Version

RULES = all_rules()
EXAMPLES = [
    pytest.param(rule, kind, example, id=f"{rule.code}-{kind}-{index}")
    for rule in RULES
    for kind, examples in (("invalid", rule.invalid), ("valid", rule.valid))
    for index, example in enumerate(examples)
]


def _target(example):
    return Version.parse(example.target) if example.target else NEWEST_KNOWN


def _stack(example):
    """The stack an example runs under: its project's pins (`requirements`), as a requirements file gives them."""
    if not example.requirements:
        return None
    found = {}
    for line in example.requirements:
        package = re.match(r"[A-Za-z0-9_.-]+", line).group(0)
        newest, oldest = parse_spec(line[len(package) :])
        found[package] = Pin(newest, oldest, "requirements.txt")
    return stack_for(_target(example), None, found)


@contextlib.contextmanager
def _filename(example):
    """The file an example is linted as: beside the checkpoint folders it names, in a folder of its own."""
    if not example.checkpoints:
        yield "<string>"
        return
    with tempfile.TemporaryDirectory() as folder:
        for path, config in example.checkpoints:
            os.makedirs(os.path.join(folder, path))
            with open(os.path.join(folder, path, "config.json"), "w", encoding="utf-8") as handle:
                handle.write(config)
        yield os.path.join(folder, "example.py")


def _lint(example, codes):
    with _filename(example) as filename:
        return lint_source(example.code, codes, _target(example), filename, stack=_stack(example))


def _fix(example, codes, text):
    with _filename(example) as filename:
        return fix_source(text, codes, _target(example), unsafe=True, filename=filename, stack=_stack(example))


@pytest.mark.parametrize(("rule", "kind", "example"), EXAMPLES)
def test_example(rule, kind, example):
    codes = frozenset({rule.code})
    found = _lint(example, codes)
    if kind == "valid":
        assert found == [], f"{rule.code} flags valid code:\n{example.code}"
        return
    assert [d.code for d in found] == [rule.code] * len(found) and found, f"{rule.code} misses:\n{example.code}"
    result = _fix(example, codes, example.code)
    if example.fixed is None:
        assert all(d.fix is None for d in found), "the example says no fix, but one is offered"
        assert result.text == example.code
    else:
        assert result.text == example.fixed
        assert _fix(example, codes, result.text).text == result.text


SNAPSHOTS = os.path.join(ROOT, "tests", "snapshots")


def _snapshot(rule) -> str:
    """What the rule reports on each of its invalid examples: line, column, message."""
    parts = []
    for index, example in enumerate(rule.invalid):
        parts.append(f"# invalid[{index}], transformers {_target(example)}")
        for d in _lint(example, frozenset({rule.code})):
            parts.append(f"{d.start.row}:{d.start.column} {d.message}")
    return "\n".join(parts) + "\n"


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_examples_give_the_messages_and_columns_of_the_snapshot(rule, request):
    """tests/snapshots/<code>.txt holds each invalid example's findings, as ruff's snapshots do; after a change
    that is meant, `python -m pytest tests/test_rules.py --update-snapshots` writes them again for review."""
    path = os.path.join(SNAPSHOTS, f"{rule.code}.txt")
    now = _snapshot(rule)
    if request.config.getoption("--update-snapshots"):
        os.makedirs(SNAPSHOTS, exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(now)
    with open(path, encoding="utf-8") as handle:
        assert now == handle.read(), f"{rule.code}: the findings differ from {path} (--update-snapshots after review)"


def test_every_snapshot_belongs_to_a_rule():
    assert sorted(os.listdir(SNAPSHOTS)) == sorted(f"{rule.code}.txt" for rule in RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_metadata(rule):
    assert re.fullmatch(r"HF\d{3}", rule.code)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    assert rule.summary and rule.message_formats
    assert isinstance(rule.fix_availability, FixAvailability)
    explanation = rule.explanation()
    for section in ("## What it does", "## Why is this bad?", "## Example", "Use instead:"):
        assert section in explanation, f"{rule.code} explanation lacks {section!r}"
    if rule.fix_availability is not FixAvailability.NONE:
        assert "## Fix safety" in explanation
    assert rule.valid and rule.invalid, "a rule carries its own valid and invalid examples"
    fixes = [example.fixed is not None for example in rule.invalid]
    expected = {
        FixAvailability.ALWAYS: all(fixes),
        FixAvailability.SOMETIMES: any(fixes),
        FixAvailability.NONE: not any(fixes),
    }
    assert expected[rule.fix_availability], f"{rule.code}: fix_availability does not match its examples"


def test_codes_and_names_are_unique():
    assert len({rule.code for rule in RULES}) == len(RULES)
    assert len({rule.name for rule in RULES}) == len(RULES)
    assert [rule.code for rule in RULES] == sorted(rule.code for rule in RULES)


def test_rule_index_matches_the_rules():
    from lint_rules.rule_index import INDEX

    assert INDEX == {rule.code: (rule.name, rule.default_enabled, tuple(rule.modules)) for rule in RULES}


def test_the_lint_path_imports_no_libcst_until_a_file_needs_it():
    import subprocess
    import sys

    code = (
        "import sys\nfrom lint_rules.engine import lint_source\nfrom lint_rules.selection import select_codes\n"
        "from lint_rules.versions import NEWEST_KNOWN\nimport lint_rules.cli\n"
        "lint_source('import os\\nprint(os.sep)\\n', select_codes(), NEWEST_KNOWN)\n"
        "assert 'libcst' not in sys.modules, 'libcst imported for a file no rule can fire in'\n"
        "lint_source('import transformers\\n', select_codes(), NEWEST_KNOWN)\n"
        "assert 'libcst' in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_hf302_says_what_each_call_does_with_the_old_keyword():
    """Read in 5.23 on tiny local models: a model's `from_pretrained`, `pipeline` and `push_to_hub` raise
    TypeError; a tokenizer's and a config's `from_pretrained` ignore it."""
    from lint_rules.engine import lint_source
    from lint_rules.versions import NEWEST_KNOWN

    code = (
        "from transformers import AutoConfig, AutoModel, AutoTokenizer, pipeline\n"
        'model = AutoModel.from_pretrained("bert-base-uncased", use_auth_token=True)\n'
        'tok = AutoTokenizer.from_pretrained("bert-base-uncased", use_auth_token=True)\n'
        'config = AutoConfig.from_pretrained("bert-base-uncased", use_auth_token=True)\n'
        'fill = pipeline("fill-mask", model="bert-base-uncased", use_auth_token=True)\n'
        'model.push_to_hub("acme/model", use_auth_token=True)\n'
    )
    effects = [d.message.split("(", 1)[1].split(")")[0] for d in lint_source(code, frozenset({"HF302"}), NEWEST_KNOWN)]
    assert effects == [
        "`from_pretrained` raises TypeError: the model's constructor gets it",
        "`from_pretrained` ignores it: the download is not authenticated",
        "`from_pretrained` ignores it: the download is not authenticated",
        "`pipeline` raises TypeError",
        "`push_to_hub` raises TypeError",
    ]


def test_a_revision_the_caller_passes_is_its_to_pin():
    """HF401 / HF404: `revision=` from a function's parameter may be a commit; a literal branch is not one."""
    from lint_rules.engine import lint_source
    from lint_rules.versions import NEWEST_KNOWN

    code = (
        "from transformers import AutoModel\n\n"
        "def load(name, revision):\n"
        "    return AutoModel.from_pretrained(name, revision=revision, trust_remote_code=True)\n\n"
        'AutoModel.from_pretrained("acme/model", revision="main", trust_remote_code=True)\n'
    )
    found = lint_source(code, frozenset({"HF401", "HF404"}), NEWEST_KNOWN)
    assert sorted((d.code, d.start.row) for d in found) == [("HF401", 6), ("HF404", 6)]


def test_hf304_reports_the_import_while_a_use_is_left_unfixed():
    """The import of `AutoModelWithLMHead` goes unreported only where its one use is fixed (the fix rewrites it);
    after fixing the other uses, one left without a fix keeps its import reported: it still raises ImportError."""
    code = (
        "from transformers import AutoModelWithLMHead, AutoModelForCausalLM\n\n"
        "model = AutoModelWithLMHead.from_pretrained(path)\n"
    )
    found = lint_source(code, frozenset({"HF304"}), Version(5, 0))
    assert [d.start.row for d in found] == [1, 3]
    one = "from transformers import AutoModelWithLMHead\n\nmodel = AutoModelWithLMHead.from_pretrained('gpt2')\n"
    assert [d.start.row for d in lint_source(one, frozenset({"HF304"}), Version(5, 0))] == [3]


def _given_by(message_format: str) -> re.Pattern:
    """A named message's format as a pattern over the messages it begins (each field any text, even none; a rule
    may add a hint or why no fix is offered)."""
    pattern = ""
    for literal, field, _, _ in string.Formatter().parse(message_format):
        pattern += re.escape(literal) + ("(?s:.*?)" if field is not None else "")
    return re.compile(pattern, re.S)


def test_every_named_message_is_given_by_an_example_or_a_fixture():
    """A message no example and no fixture gives is either untested or unreachable."""
    from test_fixtures import CASES, _read

    given: dict[str, list[str]] = {}
    for rule in RULES:
        for example in rule.invalid:
            given.setdefault(rule.code, []).extend(d.message for d in _lint(example, frozenset({rule.code})))
    for case in CASES:
        code, folder, target = case.values
        bad = _read(folder, "bad.py")
        if bad is not None:
            found = lint_source(bad, frozenset({code}), target, filename=f"{folder}/bad.py")
            given.setdefault(code, []).extend(d.message for d in found)
    silent = [
        f"{rule.code} {name}"
        for rule in RULES
        for name, message_format in getattr(rule, "messages", {}).items()
        if not any(_given_by(message_format).match(message) for message in given.get(rule.code, ()))
    ]
    assert silent == []


def test_a_keyword_table_names_no_change_its_rule_has_no_message_for():
    """HF309 and HF313 share their messages' code: a row that renames needs `deprecated`, one removed `removed`."""
    from lint_rules.rules.hf3_migration.common import ChangedKeywordsRule

    for rule in RULES:
        if issubclass(rule, ChangedKeywordsRule):
            for change in rule.changes:
                if change.new is not None and change.new != change.old:
                    assert "deprecated" in rule.messages, (rule.code, change.old)
                if change.removed_in is not None:
                    assert "removed" in rule.messages, (rule.code, change.old)
