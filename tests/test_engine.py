"""The engine: one parse, noqa, clear errors, and the fixer's passes."""

import pytest

from lint_rules.diagnostics import Edit, Location
from lint_rules.engine import lint_source
from lint_rules.fixer import FixError, apply_edits, fix_source
from lint_rules.registry import all_rules
from lint_rules.selection import select_codes
from lint_rules.sources import SourceError
from lint_rules.versions import NEWEST_KNOWN, Version

ALL = select_codes()
LOAD = 'from transformers import AutoModel\n\nm = AutoModel.from_pretrained("x", use_auth_token=True{noqa}\n'


def codes_of(text, codes=ALL, target=NEWEST_KNOWN):
    return [(d.start.row, d.code) for d in lint_source(text, codes, target)]


@pytest.mark.parametrize(
    ("comment", "flagged"),
    [
        (")", True),
        (")  # noqa", False),
        (")  # noqa: HF302", False),
        (")  # noqa:HF302,HF303", False),
        (")  # NOQA: HF3", False),
        (")  # noqa: HF303", True),
        (")  # noqa: E501", True),
    ],
)
def test_noqa(comment, flagged):
    assert bool(codes_of(LOAD.format(noqa=comment))) is flagged


def test_file_level_noqa():
    assert codes_of("# flake8: noqa\n" + LOAD.format(noqa=")")) == []


def test_positions_and_message():
    [d] = lint_source(LOAD.format(noqa=")"), ALL, NEWEST_KNOWN, "a.py")
    assert (d.start, d.end) == (Location(3, 35), Location(3, 49))
    assert d.filename == "a.py" and d.code == "HF302" and "`token`" in d.message
    assert d.fix.edits == (Edit(Location(3, 35), Location(3, 49), "token"),)


def test_syntax_error_is_a_source_error():
    with pytest.raises(SourceError, match="syntax error at 2"):
        lint_source("import transformers\ndef f(:\n", ALL, NEWEST_KNOWN)


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("(" * 1000 + "1" + ")" * 1000, "too many nested parentheses"),
        ("not " * 10_000 + "y", "too deeply nested"),
        ("+".join(["a"] * 100_000), "too deeply nested"),
    ],
    ids=["parentheses", "unary chain", "binary chain"],
)
def test_pathological_nesting_is_refused_not_crashed(expression, reason):
    with pytest.raises(SourceError, match=reason):
        lint_source(f"import transformers\nx = {expression}\n", ALL, NEWEST_KNOWN)


def test_deep_but_valid_nesting_is_analysed():
    # Python accepts a 2,000-term chain; libcst needs a deep stack for it, which the engine provides
    text = "from transformers import AutoModel\nx = " + "+".join(["a"] * 2000) + "\n"
    text += 'AutoModel.from_pretrained("x", use_auth_token=True)\n'
    assert codes_of(text) == [(3, "HF302")]


def test_prefilter_skips_files_that_cannot_match():
    # not parsed at all: the syntax error goes unnoticed because no rule could fire here
    assert lint_source("def broken(:\n", ALL, NEWEST_KNOWN) == []


def test_selection_by_prefix():
    every = {rule.code for rule in all_rules()}
    assert select_codes(["HF30"]) == {code for code in every if code.startswith("HF30")}
    assert select_codes(["HF302", "HF303", "HF305"], ignore=["HF303"]) == {"HF302", "HF305"}
    assert select_codes(["HF"]) == select_codes(["ALL"]) >= {"HF101", "HF302"}
    assert select_codes([], extend_select=["HF305"]) == {"HF305"}
    with pytest.raises(ValueError, match="unknown rule selector"):
        select_codes(["E501"])


def test_target_version_gates_reports():
    text = LOAD.format(noqa=")")
    assert codes_of(text, target=Version(4, 30)) == []
    [old] = lint_source(text, ALL, Version(4, 45))
    assert "deprecated since transformers 4.31" in old.message


def test_apply_edits_in_any_order():
    text = "abc\ndef\n"
    edits = [Edit(Location(2, 1), Location(2, 2), "E"), Edit(Location(1, 0), Location(1, 0), ">")]
    assert apply_edits(text, edits) == ">abc\ndEf\n"


def test_overlapping_fixes_settle_over_passes():
    text = (
        "from transformers import AutoModelForCausalLM\n"
        'm = AutoModelForCausalLM.from_pretrained("x", load_in_8bit=True, torch_dtype="auto", use_auth_token=T)\n'
    )
    result = fix_source(text, ALL, NEWEST_KNOWN)
    assert result.text == (
        "from transformers import AutoModelForCausalLM, BitsAndBytesConfig\n"
        'm = AutoModelForCausalLM.from_pretrained("x", quantization_config=BitsAndBytesConfig(load_in_8bit=True), '
        'dtype="auto", token=T)\n'
    )
    assert result.applied == {"HF302": 1, "HF303": 1, "HF305": 1}
    assert result.remaining == []


def test_unsafe_fixes_need_consent():
    text = 'from transformers import AutoModel\nAutoModel.from_pretrained("x", token=T, use_auth_token=T)\n'
    assert fix_source(text, ALL, NEWEST_KNOWN).text == text
    assert "use_auth_token" not in fix_source(text, ALL, NEWEST_KNOWN, unsafe=True).text


def test_fix_error_leaves_text(monkeypatch):
    import lint_rules.fixer as fixer

    text = LOAD.format(noqa=")")
    monkeypatch.setattr(fixer, "apply_edits", lambda text, edits: text + "def (:\n")
    with pytest.raises(FixError, match="invalid code"):
        fixer.fix_source(text, ALL, NEWEST_KNOWN)


def test_engine_survives_fork():
    import multiprocessing

    text = LOAD.format(noqa=")")
    assert codes_of(text)  # the parent now has its deep-stack worker thread
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply(codes_of, (text,), {}) == codes_of(text)


def test_files_without_the_imports_are_not_parsed_by_libcst(monkeypatch):
    import libcst

    def forbidden(*args, **kwargs):
        raise AssertionError("libcst parsed a file no rule can fire in")

    monkeypatch.setattr(libcst, "parse_module", forbidden)
    # transformers' own source: relative imports only, though the text says "transformers"
    text = (
        '"""Part of transformers."""\nfrom ..auto import AutoModel\n\n'
        'AutoModel.from_pretrained("t5-small", use_auth_token=True)\n'
    )
    assert lint_source(text, ALL, NEWEST_KNOWN) == []
    # only the rules whose modules are imported run: datasets alone does not wake the transformers rules
    monkeypatch.undo()
    text = (
        'import datasets\nfrom x import AutoModel\n\nm = datasets.load_metric("bleu")\n'
        'AutoModel.from_pretrained("x", use_auth_token=True)\n'
    )
    assert [d.code for d in lint_source(text, ALL, NEWEST_KNOWN)] == ["HF312"]
