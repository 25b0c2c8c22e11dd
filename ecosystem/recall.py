"""Recall of the removed-API rules on the real-world corpus, against an independent grep.

For each pattern below a regular expression over the Python text (a `.py` file, a notebook's code
cells, a Markdown file's python blocks; comments, doctest lines and pieces that do not compile left
out) counts the lines where the removed API is written; a line counts as found when the rule reports
something on it. The patterns are written here from the
migration guide, not taken from the rules' tables, so that the two can disagree.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass

from check import compiles

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*\{?\.?(python3?|py)\}?\s*$")

_ANY_IMPORT = re.compile(r"^\s*(?:from\s+([\w.]+)\s+import\s+(\([^)]*\)|[^\n]*)|import\s+([^\n]*))", re.M)
_NAME = re.compile(r"\b([A-Za-z_]\w*)\b(?=\s*(?:,|\)|$|\n|#))")
_IPYTHON = re.compile(r"^([ \t]*)[!%].*$", re.M)
_CODE_LINE = re.compile(r"^\s*(#|$)")
_CALLEE = re.compile(r"([A-Za-z_][\w.]*)\s*$")
_CLOSERS = {")": "(", "]": "[", "}": "{"}


def _imports(package: str) -> re.Pattern:
    """`from <package>(.module) import ...`: the imported names are group 1."""
    return re.compile(rf"from\s+{package}(?:\.[\w.]+)?\s+import\s+(\([^)]*\)|[^\n]*)")


@dataclass(frozen=True)
class Pattern:
    code: str
    what: str
    regex: re.Pattern
    imported: bool = False  # a name in a `from transformers import ...` statement, not any use
    # a keyword in a call of something the file imports from transformers (`X.from_pretrained(`, `pipeline(`),
    # or, in a file that imports transformers, in a method call on a name imported from no other library
    # (`model.push_to_hub(`, where `model` may come from peft or trl, which hand the keywords on)
    in_transformers_call: bool = False
    not_in: tuple[str, ...] = ()  # callees whose keywords these are not
    package: str = "transformers"  # for `imported`: the package (a regex) the name is imported from
    callees: tuple[str, ...] = ()  # for a keyword: the last part of the callees it counts in (any, when empty)
    # a keyword in a call of a class the file imports from a module of its own project (not a library), which
    # the archive defines as deriving from a class of transformers, trl or peft: `Name(` when the value is
    # "class", `Name.from_pretrained(` when it is "from_pretrained"; the class name must match ``named``
    through_project: str | None = None
    named: str = ""

    @property
    def key(self) -> str:
        return self.code + (" via the project" if self.through_project else "")


PATTERNS = (
    Pattern("HF302", "use_auth_token= in a transformers call",
            re.compile(r"\buse_auth_token\s*=(?!=)"), in_transformers_call=True),
    Pattern("HF303", "torch_dtype= in a transformers call",
            re.compile(r"\btorch_dtype\s*=(?!=)"), in_transformers_call=True),
    Pattern("HF305", "load_in_8bit= / load_in_4bit= in a transformers call (not BitsAndBytesConfig)",
            re.compile(r"\bload_in_(?:8|4)bit\s*=(?!=)"), in_transformers_call=True, not_in=("BitsAndBytesConfig",)),
    Pattern("HF306", "TF* / Flax* classes imported from transformers", re.compile(r"\b(?:TF|Flax)[A-Z]\w+"), True),
    Pattern("HF307", "AutoModelForVision2Seq", re.compile(r"\bAutoModelForVision2Seq\b")),
    Pattern("HF304", "AutoModelWithLMHead", re.compile(r"\bAutoModelWithLMHead\b")),
    Pattern("HF309", "evaluation_strategy= in a transformers call", re.compile(r"\bevaluation_strategy\s*=(?!=)"),
            in_transformers_call=True),
    Pattern("HF310", "removed tokenizer methods",
            re.compile(r"\.(?:encode_plus|batch_encode_plus|as_target_tokenizer|prepare_seq2seq_batch)\s*\(")),
    Pattern("HF311", "AdamW imported from transformers", re.compile(r"\bAdamW\b"), True),
    Pattern("HF312", "load_metric(", re.compile(r"\bload_metric\s*\(")),
    # From huggingface_hub's 1.0 migration guide, datasets' 3.0 and trl's and peft's release notes.
    Pattern("HF322", "names huggingface_hub 1.0, datasets 3.0, peft 0.10 and trl removed, imported",
            re.compile(r"\b(?:HfFolder|Repository|InferenceApi|cached_download|update_repo_visibility|list_metrics|"
                       r"set_caching_enabled|inspect_metric|prepare_model_for_int8_training|"
                       r"DataCollatorForCompletionOnlyLM|setup_chat_format)\b"),
            True, package=r"(?:huggingface_hub|datasets|peft|trl)"),
    Pattern("HF323", "resume_download= / local_dir_use_symlinks= in a hub download, ignore_verifications= in "
            "load_dataset", re.compile(r"\b(?:resume_download|local_dir_use_symlinks|ignore_verifications)\s*=(?!=)"),
            callees=("hf_hub_download", "snapshot_download", "load_dataset")),
    Pattern("HF325", "a generation setting set on a model's config (`model.config.num_beams = 4`)",
            re.compile(r"\bmodel\.config\.(?:max_length|min_length|num_beams|temperature|top_[pk]|do_sample|"
                       r"early_stopping|no_repeat_ngram_size|length_penalty|repetition_penalty|"
                       r"num_return_sequences)\s*=(?!=)")),
    # What a call depends on lives in another module of the project (issue 27): the class is the project's own
    # subclass of a library class, defined in another file.
    Pattern("HF303", "torch_dtype= in X.from_pretrained(), X a project subclass of a library class",
            re.compile(r"\btorch_dtype\s*=(?!=)"), through_project="from_pretrained"),
    Pattern("HF305", "load_in_8bit= / load_in_4bit= in X.from_pretrained(), X a project subclass",
            re.compile(r"\bload_in_(?:8|4)bit\s*=(?!=)"), through_project="from_pretrained"),
    Pattern("HF308", "tokenizer= in X(...), X a project subclass of a library Trainer",
            re.compile(r"\btokenizer\s*=(?!=)"), through_project="class", named=r"Trainer$"),
    Pattern("HF309", "evaluation_strategy= in X(...), X a project subclass of a library class",
            re.compile(r"\bevaluation_strategy\s*=(?!=)"), through_project="class"),
)  # fmt: skip
_LIBRARIES = ("transformers", "trl", "peft")
_NOT_PROJECT = frozenset({*_LIBRARIES, "datasets", "huggingface_hub", "torch", "accelerate", "diffusers"})
_CLASS = re.compile(r"^[ \t]*class[ \t]+(\w+)[ \t]*\(([^)]*)\)", re.M)


def units(path: str) -> list[tuple[int | None, int, str]]:
    """(cell, first row, text) of each Python unit; rows as the tool reports them."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        text = handle.read()
    if path.endswith(".py"):
        return [(None, 1, text)]
    if path.endswith(".ipynb"):
        try:
            cells = json.loads(text).get("cells", [])
        except ValueError:
            return []
        found = []
        for number, cell in enumerate(cells, 1):
            if cell.get("cell_type") == "code":
                source = cell.get("source", "")
                found.append((number, 1, "".join(source) if isinstance(source, list) else source))
        return found
    found, block, start, fence = [], [], 0, None
    for row, line in enumerate(text.splitlines(), 1):
        if fence is None:
            match = _FENCE.match(line)
            if match:
                fence, start, block = match.group(1), row + 1, []
        elif line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
            found.append((None, start, "\n".join(block)))
            fence = None
        else:
            block.append(line)
    return found


def callee(text: str, position: int) -> str | None:
    """The dotted name called by the innermost call open at ``position`` (a rough scan, strings ignored)."""
    waiting: list[str] = []
    for index in range(position - 1, -1, -1):
        char = text[index]
        if char in _CLOSERS:
            waiting.append(_CLOSERS[char])
        elif char in "([{":
            if waiting:
                if waiting.pop() != char:
                    return None
            elif char == "(":
                match = _CALLEE.search(text, max(0, index - 200), index)
                return match.group(1) if match else None
            else:
                return None
    return None


def imported_names(units_: list[tuple[int | None, int, str]]) -> tuple[set[str], set[str]]:
    """(names the file imports from transformers, names it imports from anything else)."""
    ours, others = set(), set()
    for _, _, text in units_:
        for match in _ANY_IMPORT.finditer(text):
            module, names, plain = match.groups()
            if plain is not None:
                for part in plain.split("#", 1)[0].split(","):
                    words = part.split()
                    if words:
                        (ours if words[0].split(".")[0] == "transformers" else others).add(words[-1].split(".")[0])
            else:
                (ours if module.split(".")[0] == "transformers" else others).update(_NAME.findall(names))
    return ours, others - ours


def _transformers_call(name: str | None, ours: set[str], others: set[str], pattern: Pattern) -> bool:
    if name is None or "." not in name and name not in ours or name.split(".")[-1] in pattern.not_in:
        return False
    root = name.split(".")[0]
    return root in ours or (bool(ours) and root not in others)


def _commented(text: str, position: int) -> bool:
    """In a comment, or in a doctest line of a docstring (`>>> ...`, `... ...`)."""
    line = text[text.rfind("\n", 0, position) + 1 : position]
    return "#" in line or line.lstrip().startswith((">>>", "..."))


def _compiles(text: str) -> bool:
    """Python can read it, IPython's `!shell` and `%magic` lines aside."""
    return compiles(_IPYTHON.sub(lambda match: match.group(1) + "pass", text))


def derived_classes(tree: str) -> set[str]:
    """The names of the classes the archive's Python files define as deriving from a class of transformers, trl
    or peft (a base the same file imports from one of them, or `transformers.X`), or from such a class of the
    archive, by name."""
    bases: dict[str, set[str]] = {}
    derived: set[str] = set()
    for folder, _, names in os.walk(tree):
        for name in names:
            if not name.endswith(".py"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as handle:
                text = handle.read()
            library = {
                bound
                for package in _LIBRARIES
                for match in _imports(package).finditer(text)
                for bound in _NAME.findall(match.group(1).strip("()") + "\n")
            }
            for match in _CLASS.finditer(text):
                found = {part.strip().split("[")[0] for part in match.group(2).split(",") if part.strip()}
                if any(base in library or base.split(".")[0] in _LIBRARIES for base in found):
                    derived.add(match.group(1))
                bases.setdefault(match.group(1), set()).update(base.rsplit(".", 1)[-1] for base in found)
    while True:
        more = {name for name, found in bases.items() if name not in derived and found & derived}
        if not more:
            return derived
        derived |= more


def project_imports(units_: list[tuple[int | None, int, str]]) -> set[str]:
    """The names a file imports from modules of its own project: relative imports, and absolute ones of a module
    that is no library's."""
    names = set()
    for _, _, text in units_:
        for match in _ANY_IMPORT.finditer(text):
            module, imported, _ = match.groups()
            if module is not None and module.split(".")[0] not in _NOT_PROJECT:
                names.update(_NAME.findall(imported.strip("()") + "\n"))
    return names


def sites(path: str, pattern: Pattern, derived: frozenset[str] = frozenset()) -> set[tuple[int | None, int]]:
    """(cell, row) of each line of the file where the pattern is written in code; ``derived``: the archive's
    subclasses of library classes, for a pattern through the project."""
    found = set()
    all_units = units(path)
    ours, others = imported_names(all_units) if pattern.in_transformers_call else (set(), set())
    project = project_imports(all_units) & derived if pattern.through_project else set()
    if pattern.through_project and not project:
        return found
    for cell, first, text in all_units:
        if not _compiles(text):
            continue  # code Python cannot read (a notebook cell with a typo) holds no call site
        if pattern.imported:
            spans = [(m.start(1), m.end(1)) for m in _imports(pattern.package).finditer(text)]
            for match in pattern.regex.finditer(text):
                if _commented(text, match.start()):
                    continue
                if any(start <= match.start() < end for start, end in spans):
                    found.add((cell, first + text.count("\n", 0, match.start())))
            continue
        for match in pattern.regex.finditer(text):
            if _commented(text, match.start()):
                continue
            if pattern.in_transformers_call:
                if not _transformers_call(callee(text, match.start()), ours, others, pattern):
                    continue
            if pattern.callees and (callee(text, match.start()) or "").rsplit(".", 1)[-1] not in pattern.callees:
                continue
            if pattern.through_project and not _project_call(callee(text, match.start()), project, pattern):
                continue
            found.add((cell, first + text.count("\n", 0, match.start())))
    return found


def _project_call(name: str | None, project: set[str], pattern: Pattern) -> bool:
    if name is None:
        return False
    root, _, rest = name.partition(".")
    shape = "class" if not rest else rest
    return root in project and shape == pattern.through_project and re.search(pattern.named, root) is not None


def recall(tree: str, findings: list[dict]) -> dict[str, dict]:
    """Per pattern: the grep's sites, how many the rule reports, and up to five it misses."""
    reported = {
        (f["code"], os.path.relpath(f["filename"], tree), f.get("cell"), f["location"]["row"]) for f in findings
    }
    table = {}
    derived = frozenset(derived_classes(tree))
    for pattern in PATTERNS:
        total, hits, missed = 0, 0, []
        for folder, _, names in os.walk(tree):
            for name in sorted(names):
                if not name.endswith((".py", ".ipynb", ".md", ".mdx")):
                    continue
                path = os.path.join(folder, name)
                relative = os.path.relpath(path, tree)
                for cell, row in sorted(sites(path, pattern, derived), key=lambda site: (site[0] or 0, site[1])):
                    total += 1
                    if (pattern.code, relative, cell, row) in reported:
                        hits += 1
                    elif len(missed) < 5:
                        missed.append(f"{relative}:{'' if cell is None else f'cell {cell}:'}{row}")
        table[pattern.key] = {"pattern": pattern.what, "sites": total, "found": hits, "missed": missed}
    return table
