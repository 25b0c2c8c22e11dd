"""HF322: a huggingface_hub, datasets, peft or trl name, module or method that the release the project will run no
longer has, from the stack's timelines."""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from lint_rules.context import Applicability, EditMode, NodeEdit, PendingFix
from lint_rules.facts.bindings import dotted
from lint_rules.knowledge.stack import StackTimeline, stack_timeline
from lint_rules.knowledge.stack_replacements import POINTERS, CallReplacement, call_replacements
from lint_rules.rewrites import mentions, without_alias
from lint_rules.rule import FixAvailability, Invalid, Valid
from lint_rules.rules.assigned import AssignedTargets
from lint_rules.rules.hf3_migration.stack_common import StackRule, hint, hint_suffix, package_of, resolve, rewrite_call
from lint_rules.versions import Version

# Names with a rule of their own.
CLAIMED = frozenset({"datasets.load_metric"})  # HF312


@dataclass
class _Imported:
    """A removed name brought in by ``from <package>... import``: reported once its uses are known."""

    alias: cst.ImportAlias
    statement: cst.ImportFrom
    qualified: str
    timeline: StackTimeline
    removed: Version
    seq: int
    line: cst.CSTNode | None = None  # the statement line that holds the import
    uses: list[cst.Name] = field(default_factory=list)


class RemovedStackApi(AssignedTargets, StackRule):
    code = "HF322"
    name = "removed-stack-api"
    summary = "A huggingface_hub, datasets, peft or trl name, module or method that the target stack no longer has"
    messages = {
        "name": "`{name}` is not in {release}: removed in {removed} ({error}){hint}",
        "module": "`{module}` is not in {release}: removed in {removed} (ModuleNotFoundError)",
        "attribute": "{owner} has no `{attribute}` in {release}: removed in {removed} (AttributeError){hint}",
    }
    fix_availability = FixAvailability.SOMETIMES
    what_it_does = """
Checks imports from huggingface_hub, datasets, peft and trl (`from huggingface_hub import HfFolder`,
`import datasets.tasks`), the attributes of those packages (`datasets.list_metrics`), and the methods called
on their objects whose origin is known (`HfApi().update_repo_visibility`, `load_dataset(...).prepare_for_task`,
a class's own `HfFolder.get_token`) against each package's timeline: its public names, modules and classes'
attributes in every minor release, read from the released wheels. What the release the project will run lacks,
and an earlier one had, is reported with the release that removed it and, where the library's deprecation
notice said what to use instead, its words.

The release of each package comes from the project's own pin (`huggingface_hub>=0.20,<1` in
`requirements.txt`, `pyproject.toml` or `setup.cfg`), else from the target transformers release: the newest
huggingface_hub it requires, and the newest datasets, peft and trl whose own requirements admit it and that
huggingface_hub. Compatibility code is not reported: an import under an `if` on the installed version, or in a
`try` that catches `ImportError` or `AttributeError`. `datasets.load_metric` is HF312's.
"""
    why_bad = """
transformers 5 requires huggingface_hub 1.0 or later, which removed `HfFolder`, `Repository`, `InferenceApi`,
`update_repo_visibility` and the Keras mixins; datasets 3.0 removed `list_metrics`, `set_caching_enabled`,
`datasets.tasks` and `prepare_for_task`; peft 0.10 removed `prepare_model_for_int8_training`; trl 0.20 removed
`DataCollatorForCompletionOnlyLM`. The import fails with `ImportError` (or the attribute with `AttributeError`)
before the program does anything, though transformers itself was migrated.
"""
    fix_safety = """
Where the library's deprecation named the replacement and it behaves the same, the fix makes it:
`HfFolder.get_token()` -> `get_token()` and `HfFolder.save_token(t)` -> `login(token=t)` (safe: the token is
stored where every huggingface_hub function reads it; `login` also checks it with the Hub),
`HfFolder.delete_token()` -> `logout()` (unsafe: `logout` also removes the other stored tokens and the git
credential), `update_repo_visibility(repo, private)` -> `update_repo_settings(repo, private=private)`,
`set_caching_enabled(False)` -> `disable_caching()`, `prepare_model_for_int8_training(...)` ->
`prepare_model_for_kbit_training(...)` (safe: the old name called the new one). A name brought in by an import
is fixed when every use of it has a replacement: the uses are rewritten and the import names what they call. The
replacement must exist in every release of the package the project admits. An imported name that nothing uses
leaves the import (safe: the import is what fails). Anything else (`Repository` in use: push with
`HfApi().upload_folder(...)`) is a choice of the user's, and is only reported.
"""
    invalid = (
        Invalid(
            """
            from huggingface_hub import HfFolder

            token = HfFolder.get_token()
            """,
            fixed="""
            from huggingface_hub import get_token

            token = get_token()
            """,
        ),
        Invalid(
            """
            from huggingface_hub import HfFolder

            HfFolder.save_token(token)
            print(HfFolder.get_token())
            """,
            fixed="""
            from huggingface_hub import login, get_token

            login(token=token)
            print(get_token())
            """,
        ),
        Invalid(
            """
            from huggingface_hub import Repository

            repo = Repository("out", clone_from="acme/model")
            repo.push_to_hub()
            """,
            use_instead="""
            from huggingface_hub import HfApi

            HfApi().upload_folder(folder_path="out", repo_id="acme/model")
            """,
        ),
        Invalid(
            """
            from huggingface_hub import Repository, get_full_repo_name

            repo_name = get_full_repo_name("bert-finetuned-ner")
            """,
            fixed="""
            from huggingface_hub import get_full_repo_name

            repo_name = get_full_repo_name("bert-finetuned-ner")
            """,
        ),
        Invalid(
            """
            import datasets

            datasets.set_caching_enabled(False)
            """,
            fixed="""
            import datasets

            datasets.disable_caching()
            """,
        ),
        Invalid(
            """
            from huggingface_hub import HfApi

            api = HfApi()
            api.update_repo_visibility("acme/model", private=True)
            """,
            fixed="""
            from huggingface_hub import HfApi

            api = HfApi()
            api.update_repo_settings("acme/model", private=True)
            """,
        ),
        Invalid(
            """
            from peft import prepare_model_for_int8_training

            model = prepare_model_for_int8_training(model)
            """,
            fixed="""
            from peft import prepare_model_for_kbit_training

            model = prepare_model_for_kbit_training(model)
            """,
        ),
        Invalid(
            """
            from datasets import load_dataset

            dataset = load_dataset("imdb", split="train").prepare_for_task("text-classification")
            """,
        ),
        Invalid(
            """
            import datasets.tasks
            """,
        ),
    )
    valid = (
        Valid(
            """
            from huggingface_hub import get_token, login

            login(token=get_token())
            """,
        ),
        Valid(
            """
            from huggingface_hub import HfFolder

            token = HfFolder.get_token()
            """,
            target="4.57",
        ),
        Valid(
            """
            try:
                from huggingface_hub import HfFolder
            except ImportError:
                HfFolder = None
            """,
        ),
        Valid(
            """
            from datasets import load_metric  # HF312's
            """,
        ),
        Valid(
            """
            from my_project.huggingface_hub import HfFolder  # not the package
            """,
        ),
        Valid(
            """
            import datasets

            datasets.config.HF_DATASETS_TRUST_REMOTE_CODE = True  # no longer read, but setting it cannot fail
            """,
        ),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.in_import = 0
        mentioned = [package for package in self.modules if package in ctx.text]
        self.timelines = [stack_timeline(package) for package in mentioned if self.active(package)]
        self.gone = frozenset().union(*(timeline.gone_names for timeline in self.timelines))
        self.imported: dict[str, _Imported] = {}  # local name -> a removed name its import brought in
        self.called: dict[int, cst.Call] = {}  # id of a call's func -> the call
        self.called_on: dict[int, tuple[cst.Call, str]] = {}  # id of `x` in a call `x.m(...)` -> (call, m)

    def interesting(self, name: str) -> bool:
        return name in self.gone or name in self.imported

    # ---- imports -----------------------------------------------------------------------------------
    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self.in_import += 1
        module = dotted(node.module) if node.module is not None and not node.relative else ""
        package = package_of(module)
        if package is None or not self.active(package) or isinstance(node.names, cst.ImportStar):
            return
        timeline = stack_timeline(package)
        if module != package and self._module_gone(timeline, module, node.module):
            return
        for alias in node.names:
            if not isinstance(alias.name, cst.Name):
                continue
            qualified = f"{module}.{alias.name.value}"
            removed = self.removal(timeline, timeline.name(qualified))
            if removed is None or qualified in CLAIMED or self.guarded:
                continue
            local = alias.asname.name.value if alias.asname is not None else alias.name.value
            line = self.ctx.statement
            self.imported[local] = _Imported(alias, node, qualified, timeline, removed, self.ctx.seq, line)

    def leave_ImportFrom(self, original_node: cst.ImportFrom) -> None:
        self.in_import -= 1

    def visit_Import(self, node: cst.Import) -> None:
        self.in_import += 1
        for alias in node.names:
            module = dotted(alias.name)
            package = package_of(module)
            if package is not None and module != package and self.active(package):
                self._module_gone(stack_timeline(package), module, alias.name)

    def leave_Import(self, original_node: cst.Import) -> None:
        self.in_import -= 1

    def _module_gone(self, timeline: StackTimeline, module: str, at: cst.CSTNode) -> bool:
        removed = self.removal(timeline, timeline.module(module))
        if removed is None:
            return False
        if not self.guarded:
            release = self.release(timeline.package)
            self.report(at, self.message("module", module=module, release=release, removed=removed))
        return True

    # ---- uses --------------------------------------------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        self.called[id(node.func)] = node
        if isinstance(node.func, cst.Attribute):
            self.called_on[id(node.func.value)] = (node, node.func.attr.value)

    def visit_Name(self, node: cst.Name) -> None:
        imported = self.imported.get(node.value)
        if not self.in_import and imported is not None and self.ctx.qualified_name(node) == imported.qualified:
            imported.uses.append(node)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if self.in_import or self.assigned(node):
            return  # setting an attribute does not fail (`datasets.config.X = True` is only no longer read)
        qualified = self.ctx.qualified_name(node)
        package = package_of(qualified)
        if package is None or not self.active(package) or qualified in CLAIMED:
            return
        timeline = stack_timeline(package)
        removed = self.removal(timeline, timeline.name(qualified))
        if removed is not None:  # `datasets.list_metrics`: a name of the package or of one of its modules
            if not self.guarded:
                self._report_name(node.attr, qualified, timeline, removed, "AttributeError", self._module_fix(node))
            return
        found = resolve(qualified)
        if found is None or found.attribute is None:
            return
        self._member(node, found)

    def _member(self, node: cst.Attribute, found) -> None:
        """``api.update_repo_visibility``: an attribute none of the classes the object may be has any more."""
        timeline = found.timeline
        newest = self.newest(timeline.package)
        if any(self.removal(timeline, timeline.name(f"{timeline.package}.{owner}")) for owner in found.owners):
            return  # the class itself is gone: its import, or its name on the package, is what is reported
        if not all(timeline.fully_known(owner, newest) for owner in found.owners):
            return  # a base from another library may offer it
        removals = [self.removal(timeline, timeline.member(owner, found.attribute)) for owner in found.owners]
        if any(timeline.has(timeline.member(owner, found.attribute), newest) for owner in found.owners):
            return
        known = [removed for removed in removals if removed is not None]
        if not known or self.guarded:
            return
        owner = " or ".join(f"`{timeline.package}.{owner}`" for owner in found.owners)
        key = f"{found.owners[0]}.{found.attribute}"
        message = self.message(
            "attribute", owner=owner, attribute=found.attribute, release=self.release(timeline.package),
            removed=max(known), hint=hint_suffix(self._hint(timeline, key)),
        )  # fmt: skip
        fix = None
        call = self.called.get(id(node))
        if call is not None and len(found.owners) == 1:
            for row in call_replacements(timeline.package, key):
                new_method = row.new.rpartition(".")[2]
                if not self._available(timeline, f"{found.owners[0]}.{new_method}", member=True):
                    continue
                text = rewrite_call(self.ctx, call, f"{self.ctx.code(node.value)}.{new_method}", row)
                if text is not None:
                    fix = self._fix(row, [self.ctx.replace(call, text)])
                    break
        self.report(node.attr, message, fix)

    # ---- reports -----------------------------------------------------------------------------------
    def leave_Module(self, node: cst.Module) -> None:
        for imported in self.imported.values():
            self._report_name(
                imported.alias.name, imported.qualified, imported.timeline, imported.removed, "ImportError",
                self._import_fix(imported), imported.seq,
            )  # fmt: skip

    def _report_name(self, at, qualified, timeline, removed, error, fix, seq=None) -> None:
        key = qualified.rpartition(".")[2]
        message = self.message(
            "name", name=qualified, release=self.release(timeline.package), removed=removed, error=error,
            hint=hint_suffix(self._hint(timeline, key)),
        )  # fmt: skip
        self.report(at, message, fix, seq=seq)

    def _hint(self, timeline: StackTimeline, key: str) -> str:
        """What to use instead: this tool's pointer, else the library's own words, else what the fix makes."""
        pointer = POINTERS.get((timeline.package, key))
        if pointer is not None:
            return pointer
        notice = timeline.notice(key)
        said = hint(notice.message) if notice is not None else ""
        if said:
            return f"{timeline.package} says: {said}"
        rows = call_replacements(timeline.package, key)
        return f"use `{rows[0].new.rpartition('.')[2]}`" if rows else ""

    # ---- fixes -------------------------------------------------------------------------------------
    def _available(self, timeline: StackTimeline, new: str, member: bool = False) -> bool:
        if member:
            owner, _, attribute = new.partition(".")
            return self.works_everywhere(timeline, timeline.member(owner, attribute))
        return self.works_everywhere(timeline, timeline.name(f"{timeline.package}.{new}"))

    def _fix(self, row: CallReplacement, edits: list) -> PendingFix:
        safety = Applicability.SAFE if row.safe else Applicability.UNSAFE
        return PendingFix(safety, f"Use `{row.new.rpartition('.')[2]}`", edits)

    def _rewrite_use(self, timeline: StackTimeline, name: str, use: cst.CSTNode, spelled) -> tuple | None:
        """(the edit, the row, the new function) for the call ``use`` makes: ``name(...)`` or ``name.method(...)``;
        ``spelled(new)`` is how the new function is written there."""
        call, key = self.called.get(id(use)), name
        if call is None:
            found = self.called_on.get(id(use))
            if found is None:
                return None
            call, method = found
            key = f"{name}.{method}"
        for row in call_replacements(timeline.package, key):
            if "." in row.new or not self._available(timeline, row.new):
                continue
            text = rewrite_call(self.ctx, call, spelled(row.new), row)
            if text is not None:
                return self.ctx.replace(call, text), row, row.new
        return None

    def _module_fix(self, node: cst.Attribute) -> PendingFix | None:
        """``datasets.set_caching_enabled(False)`` -> ``datasets.disable_caching()``; ``hub.HfFolder.get_token()`` ->
        ``hub.get_token()``."""
        package = self.ctx.code(node.value)
        found = self._rewrite_use(self._timeline_of(node), node.attr.value, node, lambda new: f"{package}.{new}")
        return None if found is None else self._fix(found[1], [found[0]])

    def _timeline_of(self, node: cst.Attribute) -> StackTimeline:
        return stack_timeline(package_of(self.ctx.qualified_name(node)))

    def _import_fix(self, imported: _Imported) -> PendingFix | None:
        """Every use of the imported name rewritten, and the import naming the functions they now call."""
        module, _, name = imported.qualified.rpartition(".")
        if not imported.uses:
            return self._unused(imported)
        if imported.alias.asname is not None or module != imported.timeline.package:
            return None
        if len(imported.uses) + 1 != len(mentions(self.ctx.text, name)):
            return None  # a use the traversal did not see as one (a string, a `global`, ...): not certain
        edits, rows, new_names = [], [], []
        for use in imported.uses:
            found = self._rewrite_use(imported.timeline, name, use, lambda new: new)
            if found is None:
                return None
            edits.append(found[0])
            rows.append(found[1])
            new_names.extend([found[2]] if found[2] not in new_names else [])
        if any(self.ctx.is_bound(new) for new in new_names):
            return None
        rest = without_alias(imported.statement, imported.alias)
        kept = [alias.name.value for alias in rest.names] if rest is not None else []
        if rest is not None and any(alias.asname is not None for alias in rest.names):
            return None
        edits.append(self.ctx.replace(imported.statement, f"from {module} import {', '.join([*kept, *new_names])}"))
        safe = all(row.safe for row in rows)
        shown = ", ".join(f"`{new}`" for new in new_names)
        return PendingFix(Applicability.SAFE if safe else Applicability.UNSAFE, f"Use {shown}", edits)

    def _unused(self, imported: _Imported) -> PendingFix | None:
        """An import of a removed name that nothing uses: the name leaves the import (the line, if it was the only
        one). Safe: the import is what fails, and nothing needed it."""
        local = imported.alias.asname.name.value if imported.alias.asname is not None else imported.alias.name.value
        if len(mentions(self.ctx.text, local)) != 1:
            return None  # a use the traversal did not see as one (a string, `__all__`, ...)
        rest = without_alias(imported.statement, imported.alias)
        if rest is not None:
            edit = self.ctx.replace(imported.statement, rest)
        else:
            line = imported.line
            if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
                return None
            if self.ctx.table.block_len.get(id(line), 0) < 2:
                return None  # the block would be left empty
            edit = NodeEdit(line, "", mode=EditMode.DELETE)
        return PendingFix(Applicability.SAFE, f"Remove the unused import of `{local}`", [edit])
