"""HF304: `AutoModelWithLMHead`, removed in 5.0; the class that fits the model replaces it."""

from __future__ import annotations

import libcst as cst

from lint_rules.calls import argument
from lint_rules.context import Applicability, PendingFix
from lint_rules.facts.models import smoke_site
from lint_rules.knowledge.catalog import all_catalogs
from lint_rules.knowledge.names import LM_HEAD, LM_HEAD_REPLACEMENTS
from lint_rules.rewrites import swap_class
from lint_rules.rule import FixAvailability, Invalid, Valid
from lint_rules.rules.name_use import NameUseRule


class AutoModelWithLmHead(NameUseRule):
    code = "HF304"
    name = "auto-model-with-lm-head"
    summary = "`AutoModelWithLMHead` was removed; use the causal, masked or seq2seq class that fits the model"
    messages = {
        "resolved": (
            "`AutoModelWithLMHead` was removed in transformers 5.0 (ImportError); for `{id}` it loaded `{loaded}`: "
            "use `{fix}`"
        ),
        "removed": (
            "`AutoModelWithLMHead` was removed in transformers 5.0 (ImportError); use `AutoModelForCausalLM`, "
            "`AutoModelForMaskedLM` or `AutoModelForSeq2SeqLM`, whichever fits the model"
        ),
        "deprecated": (
            "`AutoModelWithLMHead` is deprecated; use `AutoModelForCausalLM`, `AutoModelForMaskedLM` or "
            "`AutoModelForSeq2SeqLM`"
        ),
    }
    fix_availability = FixAvailability.SOMETIMES
    what_it_does = """
Checks imports and uses of `AutoModelWithLMHead`, which loaded a causal, masked or seq2seq language
model depending on the checkpoint.
"""
    why_bad = """
The class was deprecated for years (FutureWarning in 4.x) and 5.0 removed it: the import raises
`ImportError`. Which class replaces it depends on the model: GPT-2 -> `AutoModelForCausalLM`, BERT ->
`AutoModelForMaskedLM`, T5 -> `AutoModelForSeq2SeqLM`.
"""
    fix_safety = """
Where the model is resolved, the fix picks the Auto class that loads the very class
`AutoModelWithLMHead` loaded in the last release that had it, so behaviour is unchanged: safe. With
an unresolved model there is no fix.
"""
    invalid = (
        Invalid(
            """
            from transformers import AutoModelWithLMHead

            model = AutoModelWithLMHead.from_pretrained("gpt2")
            """,
            fixed="""
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2")
            """,
        ),
        Invalid(
            """
            import transformers

            model = transformers.AutoModelWithLMHead.from_pretrained("bert-base-uncased")
            """,
            fixed="""
            import transformers

            model = transformers.AutoModelForMaskedLM.from_pretrained("bert-base-uncased")
            """,
        ),
        Invalid(
            """
            from transformers import AutoModelWithLMHead

            model = AutoModelWithLMHead.from_pretrained(args.model)
            """,
        ),
        Invalid(
            """
            from transformers import AutoModelWithLMHead

            model = AutoModelWithLMHead.from_pretrained("gpt2")
            """,
            target="4.57",
        ),
    )
    valid = (
        Valid(
            """
            from transformers import AutoModelForCausalLM

            AutoModelForCausalLM.from_pretrained("gpt2")
            """,
        ),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.handled: set[int] = set()
        self.imports: list[tuple[cst.Name, int]] = []  # (the imported name, its statement): judged at the end
        self.fixed = self.unfixed = 0  # uses reported with a fix (which rewrites the import too), and without

    def interesting(self, name: str) -> bool:
        return name == LM_HEAD.old

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == "from_pretrained"):
            return
        if self.ctx.hf_name(func.value) != LM_HEAD.old or self.ctx.target < LM_HEAD.removed_in:
            return
        name_node = func.value.attr if isinstance(func.value, cst.Attribute) else func.value
        self.handled.add(id(name_node))
        model = self.ctx.model(argument(node, 0, "pretrained_model_name_or_path"))
        last = next((c for c in reversed(all_catalogs()) if LM_HEAD.old in c.auto_classes), None)
        loaded = last.model_class(LM_HEAD.old, model.model_type) if model and last else None
        new = next(
            (cls for cls in LM_HEAD_REPLACEMENTS if loaded and last.model_class(cls, model.model_type) == loaded), None
        )
        edits = swap_class(self.ctx, func.value, new) if new and self.ctx.catalog.loads(new, model.model_type) else None
        if edits:
            fix = PendingFix(Applicability.SAFE, f"Use `{new}`", edits)
            site = smoke_site(model, {"class": LM_HEAD.old}, {"class": new})
            self.report(name_node, self.message("resolved", id=model.model_id, loaded=loaded, fix=new), fix, site)
            self.fixed += 1
        else:
            self.report(name_node, self.message("removed"))
            self.unfixed += 1

    def check_use(self, name, node, expr) -> None:
        if id(node) in self.handled:
            return
        if self.ctx.target >= LM_HEAD.removed_in:
            self.report(node, self.message("removed"))
            self.unfixed += 1
        elif self.ctx.target >= LM_HEAD.deprecated_in:
            self.report(node, self.message("deprecated"))

    def check_import(self, name, node, alias, statement) -> None:
        if self.ctx.target >= LM_HEAD.removed_in:
            self.imports.append((node, self.ctx.seq))  # reported unless its one use is fixed, which rewrites it
        else:
            self.check_use(name, node, node)

    def leave_Module(self, node: cst.Module) -> None:
        if self.fixed == 1 and not self.unfixed:
            return
        for name, seq in self.imports:
            self.report(name, self.message("removed"), seq=seq)
