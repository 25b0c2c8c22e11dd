"""HF314: a transformers name or module that the target release no longer has, from the API timeline."""

from __future__ import annotations

import libcst as cst

from lint_rules.context import Applicability, PendingFix
from lint_rules.facts.bindings import dotted
from lint_rules.knowledge.moves import moves
from lint_rules.knowledge.names import owned_names
from lint_rules.knowledge.timeline import timeline
from lint_rules.rule import FixAvailability, Invalid, Valid
from lint_rules.rules.assigned import AssignedTargets
from lint_rules.rules.hf3_migration.common import ReleaseGuards

PACKAGE = "transformers"


class RemovedImport(AssignedTargets, ReleaseGuards):
    code = "HF314"
    name = "removed-import"
    summary = "A transformers name or module that the target release no longer has"
    messages = {
        "name": "`{name}` is not in transformers {target}: removed in {removed} ({error}){moved}",
        "module": "`{module}` is not in transformers {target}: removed in {removed} (ModuleNotFoundError)",
        "module_never": (
            "`{module}` is not in transformers {target}, nor in any release since {first} (ModuleNotFoundError)"
        ),
        "never": (
            "`{name}` is not in transformers {target}, nor in any release since {first} (ImportError): `{module}` "
            "offers no such name"
        ),
    }
    fix_availability = FixAvailability.SOMETIMES
    what_it_does = """
Checks every import from transformers (`from transformers import X`, `from transformers.a.b import X`,
`import transformers.a.b`), every `transformers.X` attribute and every name read on an imported module of
transformers (`file_utils.X` after `from transformers import file_utils`) against the API timeline: the
public names and module paths of each minor release from 4.30 on, read from the released wheels. A name or
module that an earlier release had and the target release does not is reported with the release that removed
it; so is an import of a public name that no release since 4.30 had, from a module that lists every name it
offers in the target (no module-level `__getattr__`, star import or lazy module, read from the wheels):
`from transformers.file_utils import cached_path`, gone before 4.30, and of a module path that no release since
4.30 had (`transformers.modeling_bert`, moved into `transformers.models` in 4.0). Compatibility code is not reported: an
import under an `if` on the installed version (or on an optional package, or `TYPE_CHECKING`), or in a `try`
that catches `ImportError` or `AttributeError`. Names with a rule of their own (TensorFlow and Flax classes,
`AdamW`, `AutoModelWithLMHead`, `AutoModelForVision2Seq`, vision feature extractors) are left to it.
"""
    why_bad = """
The import fails with `ImportError: cannot import name ...` or `ModuleNotFoundError` before anything
runs (`transformers.X` on the package raises `AttributeError` where it is used).
transformers 5 dropped many names at once (`SummarizationPipeline`, `TranslationPipeline`,
`GreedySearchDecoderOnlyOutput`, `transformers.utils.fx`, ...), and some 4.x minor releases removed
long-deprecated ones.
"""
    fix_safety = """
A name that the last 4.x release defined as another name (`GreedySearchDecoderOnlyOutput =
GenerateDecoderOnlyOutput`, read from its wheel by `python -m tools.knowledge.generate_moves`) is imported as that
other name under the old one (`from transformers.generation import GenerateDecoderOnlyOutput as
GreedySearchDecoderOnlyOutput`): safe, it is the same class, where every admitted release has the other name. A
class the newest release merged into its only 4.x subclass (`SpecialTokensMixin` into `PreTrainedTokenizerBase`,
which now defines its methods) is imported as that subclass the same way, unsafe: the subclass brings more.
When a name left a module but the package still exports it (`from transformers.modeling_utils import X`
where `from transformers import X` works in the target), the fix imports it from `transformers`. It is
unsafe: the exported object is very likely, not certainly, the one the module held. Other removals need
a choice of replacement and are not fixed.
"""
    invalid = (
        Invalid(
            """
            from transformers import SummarizationPipeline

            summarizer = SummarizationPipeline(model=model, tokenizer=tokenizer)
            """,
            use_instead="""
            from transformers import pipeline

            summarizer = pipeline("text-generation", model="Qwen/Qwen2.5-0.5B-Instruct")
            """,
        ),
        Invalid(
            """
            from transformers.modeling_utils import PretrainedConfig
            """,
            fixed="""
            from transformers import PretrainedConfig
            """,
        ),
        Invalid(
            """
            import transformers.utils.fx
            """,
        ),
        Invalid(
            """
            from transformers.generation import GreedySearchDecoderOnlyOutput

            def is_greedy(output):
                return isinstance(output, GreedySearchDecoderOnlyOutput)
            """,
            fixed="""
            from transformers.generation import GenerateDecoderOnlyOutput as GreedySearchDecoderOnlyOutput

            def is_greedy(output):
                return isinstance(output, GreedySearchDecoderOnlyOutput)
            """,
        ),
        Invalid(
            """
            from transformers import file_utils

            backends = {"tf": file_utils.is_tf_available()}  # the module is still there, the name is not
            """,
        ),
        Invalid(
            """
            from transformers.file_utils import cached_path, hf_bucket_url  # both gone before 4.30
            """,
        ),
        Invalid(
            """
            from transformers.modeling_bert import BertModel  # moved into transformers.models in 4.0
            """,
        ),
    )
    valid = (
        Valid(
            """
            from transformers import file_utils

            backends = {"pt": file_utils.is_torch_available()}  # still in the module
            """,
        ),
        Valid(
            """
            from typing import TYPE_CHECKING

            if TYPE_CHECKING:
                from transformers import SpecialTokensMixin
            """,
        ),
        Valid(
            """
            from transformers.modelcard import make_markdown_table  # the module is still there
            """,
        ),
        Valid(
            """
            from transformers.utils import hub, _LazyModule  # a submodule; a private name is not listed
            from transformers.tokenization_utils_fast import TokenizersBackend  # a module 5.x serves as an alias
            """,
        ),
        Valid(
            """
            import transformers

            if not hasattr(transformers, "TRANSFORMERS_CACHE"):
                transformers.TRANSFORMERS_CACHE = "/tmp/cache"  # setting it is no use of what 5.x removed
            from transformers.tokenization_utils import PreTrainedTokenizer  # 5.x's alias module still offers it
            """,
        ),
        Valid(
            """
            import transformers
            from packaging import version

            if version.parse(transformers.__version__) >= version.parse("4.33.0"):
                from transformers.integrations import deepspeed_config
            else:
                from transformers.deepspeed import deepspeed_config
            try:
                from transformers import top_k_top_p_filtering
            except ImportError:
                top_k_top_p_filtering = None
            """,
        ),
        Valid(
            """
            from transformers import AutoModel, pipeline
            """,
        ),
        Valid(
            """
            from transformers import SummarizationPipeline
            """,
            target="4.57",
        ),
        Valid(
            """
            from transformers import TFAutoModel, AdamW  # HF306 and HF311 report these
            """,
        ),
        Valid(
            """
            from transformers import NotAThingAnyReleaseHad  # unknown: nothing certain to say
            """,
        ),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.timeline = timeline()
        self.active = self.timeline.covers(ctx.target)
        self.in_import = 0  # the module path of an import statement is no attribute use

    def interesting(self, name: str) -> bool:
        # `transformers.X` and `module.X` on a module of transformers, the only uses read here
        return name in self.timeline.gone_from_package or name in self.timeline.gone_from_modules

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self.in_import += 1
        if not self.active or node.relative or node.module is None:
            return
        if isinstance(node.names, cst.ImportStar):  # `from transformers.x import *`: no name to check
            return
        module = dotted(node.module)
        if module.split(".", 1)[0] != PACKAGE:
            return
        names = [alias.name.value for alias in node.names if isinstance(alias.name, cst.Name)]
        if module != PACKAGE and (self._gone_module(module) or self._never_module(module)):
            if not all(name in owned_names() for name in names):
                self._report_module(node.module, module)
            return
        for alias in node.names:
            if isinstance(alias.name, cst.Name):
                self._check_name(alias.name, f"{module}.{alias.name.value}", node)

    def visit_Import(self, node: cst.Import) -> None:
        self.in_import += 1
        if not self.active:
            return
        for alias in node.names:
            module = dotted(alias.name)
            if module.startswith(PACKAGE + ".") and (self._gone_module(module) or self._never_module(module)):
                self._report_module(alias.name, module)

    def leave_ImportFrom(self, original_node: cst.ImportFrom) -> None:
        self.in_import -= 1

    def leave_Import(self, original_node: cst.Import) -> None:
        self.in_import -= 1

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if not self.active or self.in_import or not isinstance(node.value, (cst.Name, cst.Attribute)):
            return
        if self.assigned(node):
            return  # setting a name is no use of it
        module = self.ctx.qualified_name(node.value)
        if module == PACKAGE:  # `transformers.X` on the package itself
            if not self.timeline.has(self.timeline.module(f"{PACKAGE}.{node.attr.value}"), self.ctx.target):
                self._check_name(node.attr, f"{PACKAGE}.{node.attr.value}", None)  # a module still there is reachable
            return
        # `file_utils.X` after `from transformers import file_utils`, `transformers.file_utils.X`: a name the
        # module had, on a module the target still has (a module gone is reported at its import)
        if module is None or not module.startswith(PACKAGE + ".") or not self._kept_module(module):
            return
        qualified = f"{module}.{node.attr.value}"
        if self.timeline.name(qualified) and not self.timeline.has(self.timeline.module(qualified), self.ctx.target):
            self._check_name(node.attr, qualified, None)

    # ---- checks ------------------------------------------------------------------------------
    def _kept_module(self, module: str) -> bool:
        return self.timeline.has(self.timeline.module(module), self.ctx.target)

    def _gone_module(self, module: str) -> bool:
        spans = self.timeline.module(module)
        return bool(spans) and self.timeline.removed_in(spans, self.ctx.target) is not None

    def _never_module(self, module: str) -> bool:
        """A module path no recorded release had (`transformers.modeling_bert`, moved into `models/` in 4.0): the
        timeline records every file of each release and every path a 5.x release serves as an alias."""
        return not self.timeline.module(module)

    def _report_module(self, node: cst.CSTNode, module: str) -> None:
        if self.guarded:
            return
        spans = self.timeline.module(module)
        if not spans:
            first = self.timeline.releases[0]
            self.report(node, self.message("module_never", module=module, target=self._target(), first=first))
            return
        removed = self.timeline.removed_in(spans, self.ctx.target)
        self.report(node, self.message("module", module=module, target=self._target(), removed=removed))

    def _check_name(self, node: cst.Name, qualified: str, statement: cst.ImportFrom | None) -> None:
        name = node.value
        if name in owned_names():
            return
        removed = self.timeline.removed_in(self.timeline.name(qualified), self.ctx.target)
        if removed is None and statement is not None and self._never_offered(qualified) and not self.guarded:
            module = qualified.rpartition(".")[0]
            first = self.timeline.releases[0]
            self.report(node, self.message("never", name=qualified, target=self._target(), first=first, module=module))
            return
        if removed is None or self.guarded:
            return
        moved, fix = "", None
        module = qualified.rpartition(".")[0]
        alias = moves().aliases.get(name) or moves().merged.get(name)
        spans = self.timeline.name(f"{module}.{alias}") if alias is not None else ()
        if alias is not None and self.timeline.has(spans, self.ctx.target):
            same = name in moves().aliases
            moved = f"; it was another name for `{alias}`" if same else f"; its only subclass `{alias}` took it over"
            if self.timeline.has(spans, self.ctx.floor):
                fix = self._alias(node, alias, statement, same)
            else:
                moved += self.ctx.no_fix(f"`{alias}`", self.timeline.since(spans, self.ctx.target))
        elif module != PACKAGE and self._exported(name):
            moved = f"; `from {PACKAGE} import {name}` works"
            fix = self._import_from_package(statement)
        elif module != PACKAGE and self.timeline.has(self.timeline.name(f"{PACKAGE}.{name}"), self.ctx.target):
            spans = self.timeline.name(f"{PACKAGE}.{name}")
            moved = f"; `from {PACKAGE} import {name}` works there"
            moved += self.ctx.no_fix(f"`from {PACKAGE} import {name}`", self.timeline.since(spans, self.ctx.target))
        error = "ImportError" if statement is not None else "AttributeError"
        message = self.message("name", name=qualified, target=self._target(), removed=removed, error=error, moved=moved)
        self.report(node, message, fix)

    def _never_offered(self, qualified: str) -> bool:
        """A public name that no recorded release of its module had, where the module lists in the target every
        name it offers (no `__getattr__`, star import or lazy module) and has no submodule so named: gone before
        the first recorded release (`transformers.file_utils.cached_path`), or never there."""
        module, _, name = qualified.rpartition(".")
        return (
            module != PACKAGE
            and not name.startswith("_")
            and not self.timeline.name(qualified)
            and not self.timeline.module(qualified)
            and self.timeline.has(self.timeline.closed_module(module), self.ctx.target)
        )

    def _exported(self, name: str) -> bool:
        """``transformers.<name>`` exists in every release the code must work with."""
        return self._everywhere(f"{PACKAGE}.{name}")

    def _everywhere(self, qualified: str) -> bool:
        spans = self.timeline.name(qualified)
        return self.timeline.has(spans, self.ctx.target) and self.timeline.has(spans, self.ctx.floor)

    def _alias(self, node: cst.Name, alias: str, statement: cst.ImportFrom | None, same: bool) -> PendingFix:
        """`from transformers import GreedySearchDecoderOnlyOutput` -> `... import GenerateDecoderOnlyOutput as
        GreedySearchDecoderOnlyOutput` (the names that use it stay); `transformers.X` -> `transformers.<alias>`.
        Safe where the old name was that object; unsafe for a merged class (its subclass brings more)."""
        imported = next((item for item in statement.names if item.name is node) if statement is not None else (), None)
        if imported is None or imported.asname is not None:
            edit = self.ctx.replace(node, alias)
        else:
            edit = self.ctx.replace(node, f"{alias} as {node.value}")
        return PendingFix(Applicability.SAFE if same else Applicability.UNSAFE, f"Use `{alias}`", [edit])

    def _import_from_package(self, statement: cst.ImportFrom | None) -> PendingFix | None:
        """`from transformers.a.b import X, Y` -> `from transformers import X, Y`, when every name is exported."""
        if statement is None or not all(
            isinstance(alias.name, cst.Name) and self._exported(alias.name.value) for alias in statement.names
        ):
            return None
        edit = self.ctx.replace(statement.module, PACKAGE)
        return PendingFix(Applicability.UNSAFE, f"Import from `{PACKAGE}`", [edit])

    def _target(self) -> str:
        return str(self.timeline.at(self.ctx.target))
