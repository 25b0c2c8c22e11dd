"""Notebooks and Markdown as Python: which code is read, as what program, and where findings and edits point."""

import json
import re

from conftest import run_cli
from lint_rules.documents import load, place
from lint_rules.engine import lint_source
from lint_rules.fixer import fix_document
from lint_rules.rule_index import INDEX
from lint_rules.versions import NEWEST_KNOWN

CODES = frozenset(INDEX)
TARGET = NEWEST_KNOWN
IMPORT = "from transformers import AutoModel, pipeline"
LOAD = 'model = AutoModel.from_pretrained("x", use_auth_token=True)'


def lint(name: str, text: str):
    document = load(name, text.encode())
    found = [place(d, unit) for unit in document.units for d in lint_source(unit.text, CODES, TARGET, name)]
    return found, document


def fix(name: str, text: str) -> str:
    document = load(name, text.encode())
    return fix_document(document, name, CODES, TARGET, unsafe=True)[0]


def notebook(*sources) -> str:
    cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "source": source} for source in sources]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n"


def cell_sources(text: str) -> list:
    return [cell["source"] for cell in json.loads(text)["cells"]]


# ---- Markdown: one program ---------------------------------------------------------------------

PAGE = f"""# Loading

```python
{IMPORT}
```

```python
>>> model.config
BertConfig {{ ... }}
```

Later on the page:

```py
{LOAD}
```
"""


def test_markdown_blocks_are_one_program():
    found, document = lint("page.md", PAGE)
    assert [(d.code, d.start.row, d.cell) for d in found if d.code == "HF302"] == [("HF302", 15, None)]
    assert document.warnings == []  # the `>>>` block is a session: read as doctest reads it, its output masked


def test_markdown_fix_lands_in_its_block_with_the_files_newlines():
    page = PAGE.replace(f"```py\n{LOAD}\n```", f"  ```py\n  {LOAD}\n\n  ```").replace("\n", "\r\n")
    fixed = fix("page.md", page)
    assert fixed == page.replace("use_auth_token", "token")
    [hf302] = [d for d in lint("page.md", page)[0] if d.code == "HF302"]
    column = 2 + LOAD.index("use_auth_token")
    assert (hf302.start, hf302.fix.edits[0].start) == ((15, column), (15, column))  # the fence's indentation counted


def test_markdown_ipython_lines_are_masked_as_in_notebooks():
    page = f"# Setup\n\n```python\n!pip install transformers \\\n  accelerate\n%%time\n{IMPORT}\n{LOAD}\n```\n"
    found, document = lint("page.md", page)
    assert [(d.code, d.start.row) for d in found if d.code == "HF302"] == [("HF302", 8)] and not document.warnings
    assert fix("page.md", page) == page.replace("use_auth_token", "token")  # the IPython lines as they were


SESSION = f"""# Quick tour

```python
>>> {IMPORT}
>>> for name in names:
...     {LOAD}
...
>>> model.config
BertConfig {{
  "hidden_size": 768
}}
```

```python
>>> pipe = pipeline("summarization", model="t5-small")
>>> pipe(text
```
"""


def test_markdown_sessions_are_read_as_doctest_reads_them():
    """A `>>>` block: its source lines, without prompts and output, at their own columns; reported without a fix
    (prompts and output would have to be rewritten), and left as it is by fixing."""
    found, document = lint("page.md", SESSION)
    hf302 = [d for d in found if d.code == "HF302"]
    assert [(d.start.row, d.start.column, d.fix) for d in hf302] == [(6, 4 + 4 + LOAD.index("use_auth_token"), None)]
    assert [warning.split(" (")[0] for warning in document.warnings] == ["line 15: skipped, it does not parse"]
    assert fix("page.md", SESSION) == SESSION


# ---- notebooks: magics -------------------------------------------------------------------------


def test_a_magic_continued_with_a_backslash_is_masked_whole():
    source = ["!pip install -q transformers \\\n", "    accelerate \\\n", "  peft\n", f"{IMPORT}\n", LOAD]
    found, document = lint("n.ipynb", notebook(source))
    assert document.warnings == []
    assert [(d.code, d.cell, d.start.row) for d in found if d.code == "HF302"] == [("HF302", 1, 5)]
    fixed = cell_sources(fix("n.ipynb", notebook(source)))[0]
    assert fixed == [*source[:4], LOAD.replace("use_auth_token", "token")]


def test_cell_magics_python_or_not():
    cells = (
        ["%%writefile train.py\n", f"{IMPORT}\n", LOAD],  # a Python file: linted and fixed, on its own
        ["%%writefile -a notes.txt\n", LOAD],  # not Python
        ["%%bash\n", "echo hi"],
        ["%%capture\n", 'out = pipeline("text-generation", model="gpt2", framework="pt")'],  # the kernel's Python
        ['pipe = pipeline("text-generation", model="gpt2", framework="pt")'],  # train.py's import is not the kernel's
    )
    found, document = lint("n.ipynb", notebook(*cells))
    assert document.warnings == []
    assert sorted({(d.code, d.cell, d.start.row) for d in found if d.fix}) == [("HF302", 1, 3)]
    fixed = cell_sources(fix("n.ipynb", notebook(*cells)))
    assert fixed[0] == [cells[0][0], cells[0][1], LOAD.replace("use_auth_token", "token")]
    assert fixed[1:] == list(cells[1:])
    captured = cell_sources(fix("n.ipynb", notebook([f"{IMPORT}\n"], cells[3])))[1]
    assert captured == ["%%capture\n", 'out = pipeline("text-generation", model="gpt2")']


# ---- notebooks: newlines -----------------------------------------------------------------------


def test_each_cells_newlines_are_kept():
    cells = ([f"{IMPORT}\r\n", "import os\r\n"], ["x = 1\r\n", "y = 2\r\n"], [f"{LOAD}\r\n", "z = 3\r\n"], ["w = 4\n"])
    fixed = cell_sources(fix("n.ipynb", notebook(*cells)))
    assert fixed == [cells[0], cells[1], [LOAD.replace("use_auth_token", "token") + "\r\n", "z = 3\r\n"], cells[3]]


# ---- JSON edits are the codemod's edits --------------------------------------------------------


def _offset(text: str, location: dict) -> int:
    starts = [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", text))]
    return starts[location["row"] - 1] + location["column"] - 1


def _apply(text: str, edits: list[dict]) -> str:
    """ruff's way: in one pass over the original text, each edit replaces location..end_location (1-based
    columns) by its content; edits sorted by where they start and end (an insertion before a replacement)."""
    spans = sorted((_offset(text, e["location"]), _offset(text, e["end_location"]), e["content"]) for e in edits)
    pieces, cursor = [], 0
    for begin, end, content in spans:
        pieces += [text[cursor:begin], content]
        cursor = end
    return "".join(pieces) + text[cursor:]


def _json_edits(tmp_path, name) -> list[dict]:
    result = run_cli("check", "--no-cache", "--select", "ALL", "--output-format", "json", name, cwd=tmp_path)
    records = json.loads(result.stdout)
    assert records, result.stderr
    fixed = [r for r in records if r["fix"] and r["fix"]["applicability"] != "display-only"]
    return [{"cell": r["cell"], **edit} for r in fixed for edit in r["fix"]["edits"]]  # an edit's own cell wins


def _codemod(tmp_path, name) -> str:
    result = run_cli("--no-cache", "--select", "ALL", "--unsafe-fixes", name, cwd=tmp_path, module="codemods.cli")
    assert result.returncode == 1, result.stdout + result.stderr
    return (tmp_path / name).read_bytes().decode()


NOTEBOOK_CELLS = (
    ["from transformers import AutoModel, AutoModelWithLMHead, pipeline\r\n", "import torch\r\n"],
    ["!pip install -q transformers \\\n", "    accelerate\n", 'lm = AutoModelWithLMHead.from_pretrained("gpt2")'],
    ["x = 1\r\n", "y = 2\r\n"],
    ["%%writefile train.py\n", "from transformers import pipeline\n", 'pipe = pipeline("t", framework="pt")\n'],
    ["%%bash\n", "echo hi"],
    ["def load():\r\n", "    return pipeline(\r\n", '        "t",\r\n', '        framework="pt"\r\n', "    )"],
    ['model = AutoModel.from_pretrained("gpt2", device_map="auto", use_auth_token=True)\n', 'model.to("cuda")'],
)  # fmt: skip


def test_json_edits_of_a_notebook_apply_as_the_codemod_fixes(tmp_path):
    (tmp_path / "n.ipynb").write_text(notebook(*NOTEBOOK_CELLS), newline="")
    edits = _json_edits(tmp_path, "n.ipynb")
    assert {edit["cell"] for edit in edits} == {1, 2, 4, 6, 7}  # HF304's import edit is in cell 1
    expected = ["".join(source) for source in NOTEBOOK_CELLS]
    for number in range(len(expected)):
        expected[number] = _apply(expected[number], [e for e in edits if e["cell"] == number + 1])
    fixed = json.loads(_codemod(tmp_path, "n.ipynb"))
    assert ["".join(cell["source"]) for cell in fixed["cells"]] == expected
    assert fixed["cells"][0]["source"][0] == "from transformers import AutoModel, AutoModelForCausalLM, pipeline\r\n"


def test_json_edits_of_markdown_apply_as_the_codemod_fixes(tmp_path):
    page = (
        "# Page\r\n\r\n```python\r\nfrom transformers import AutoModelWithLMHead, pipeline\r\n```\r\n\r\n"
        "```python\r\n>>> not code\r\n```\r\n\r\n"
        '   ```py\r\n   lm = AutoModelWithLMHead.from_pretrained("gpt2", use_auth_token=True)\r\n\r\n'
        '   pipe = pipeline(\r\n       "t",\r\n       model="m",\r\n       framework="pt",\r\n   )\r\n   ```\r\n'
    )
    (tmp_path / "page.md").write_text(page, newline="")
    edits = _json_edits(tmp_path, "page.md")
    assert {edit["cell"] for edit in edits} == {None} and len(edits) == 4
    assert _codemod(tmp_path, "page.md") == _apply(page, edits)
