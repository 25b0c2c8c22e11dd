"""HF601: a project's model class that declares `_tied_weights_keys` as a list, which transformers 5 reads as a
mapping."""

from __future__ import annotations

import libcst as cst

from lint_rules.context import Applicability, PendingFix
from lint_rules.facts.bindings import dotted
from lint_rules.rule import FixAvailability, Invalid, Valid
from lint_rules.rules.hf6_silent_change.common import ModelClassRule, method
from lint_rules.versions import Version

# Read in 5.0.0's `PreTrainedModel.get_expanded_tied_weights_keys` (`tied_mapping.keys()`, a dict of tied parameter
# -> source); 4.57's `_get_tied_weight_keys` iterated the names, so a dict serves both.
MAPPING_SINCE = Version(5, 0)
_ATTRIBUTE = "_tied_weights_keys"
_INPUT_EMBEDDINGS = "get_input_embeddings"


class TiedWeightsKeysList(ModelClassRule):
    code = "HF601"
    name = "tied-weights-keys-list"
    summary = "A model class that declares `_tied_weights_keys` as a list, where transformers 5 wants a mapping"
    messages = {
        "list": (
            "`_tied_weights_keys` of `{cls}` is a {kind}: transformers {target} reads it as a mapping of each tied "
            "parameter to its source, and building the model raises AttributeError ('{kind}' object has no attribute "
            "'keys'); since {since}"
        ),
    }
    fix_availability = FixAvailability.SOMETIMES
    what_it_does = """
Checks the classes a project defines on top of transformers' `PreTrainedModel` (directly, through a transformers
model class, or through another class of the same file) for a `_tied_weights_keys` written as a list or a tuple,
in the class body or set on `self` in a method.
"""
    why_bad = """
transformers 4 read `_tied_weights_keys` as the names of the parameters tied to the input embeddings; transformers
5.0 reads it as a mapping from each tied parameter to the one it shares (`{"lm_head.weight":
"model.embed_tokens.weight"}`) and calls `.keys()` on it while the model is built, so `MyModel(config)` and
`MyModel.from_pretrained(...)` raise `AttributeError: 'list' object has no attribute 'keys'` (5.23, run).
"""
    fix_safety = """
A list of one `....weight` name becomes a mapping of it to the weight of the module the class's own
`get_input_embeddings()` returns (`return self.model.embed_tokens` -> `"model.embed_tokens.weight"`): the tying 4.x
did (it tied the output embeddings to the input ones). Safe: 4.x iterated the names, which a mapping's keys are.
Other lists, or a class whose input embeddings are not a plain attribute path, are reported without a fix.
"""
    invalid = (
        Invalid(
            """
            from torch import nn
            from transformers import PreTrainedModel


            class TinyLM(PreTrainedModel):
                _tied_weights_keys = ["lm_head.weight"]

                def __init__(self, config):
                    super().__init__(config)
                    self.model = TinyBackbone(config)
                    self.lm_head = nn.Linear(config.hidden_size, config.vocab_size, bias=False)

                def get_input_embeddings(self):
                    return self.model.embed_tokens
            """,
            fixed="""
            from torch import nn
            from transformers import PreTrainedModel


            class TinyLM(PreTrainedModel):
                _tied_weights_keys = {"lm_head.weight": "model.embed_tokens.weight"}

                def __init__(self, config):
                    super().__init__(config)
                    self.model = TinyBackbone(config)
                    self.lm_head = nn.Linear(config.hidden_size, config.vocab_size, bias=False)

                def get_input_embeddings(self):
                    return self.model.embed_tokens
            """,
        ),
        Invalid(
            """
            from transformers.modeling_utils import PreTrainedModel


            class InternLM2PreTrainedModel(PreTrainedModel):
                base_model_prefix = "model"


            class InternLM2ForCausalLM(InternLM2PreTrainedModel):
                _tied_weights_keys = ["output.weight", "model.tok_embeddings.weight"]  # no single source: no fix
            """,
        ),
        Invalid(
            """
            from transformers import LlamaForCausalLM


            class PatchedLlama(LlamaForCausalLM):
                _tied_weights_keys = ("lm_head.weight",)

                def get_input_embeddings(self):
                    return self.model.embed_tokens
            """,
            fixed="""
            from transformers import LlamaForCausalLM


            class PatchedLlama(LlamaForCausalLM):
                _tied_weights_keys = {"lm_head.weight": "model.embed_tokens.weight"}

                def get_input_embeddings(self):
                    return self.model.embed_tokens
            """,
        ),
        Invalid(
            """
            from transformers import LlamaPreTrainedModel


            class ActorCritic(LlamaPreTrainedModel):
                def __init__(self, config):
                    super().__init__(config)
                    self._tied_weights_keys = ["lm_head.weight"]  # set on the instance: reported, not fixed
            """,
        ),
    )
    valid = (
        Valid(
            """
            from transformers import PreTrainedModel


            class TinyLM(PreTrainedModel):
                _tied_weights_keys = {"lm_head.weight": "model.embed_tokens.weight"}
            """,
        ),
        Valid(
            """
            from transformers import PreTrainedModel


            class TinyLM(PreTrainedModel):
                _tied_weights_keys = ["lm_head.weight"]
            """,
            target="4.57",
        ),
        Valid(
            """
            import transformers
            from torch import nn


            class Head(nn.Module):  # not a transformers model: its own convention
                _tied_weights_keys = ["proj.weight"]
            """,
        ),
    )

    def visit_Assign(self, node: cst.Assign) -> None:
        """`_tied_weights_keys = [...]` in a model class's body, or `self._tied_weights_keys = [...]` in a method."""
        cls, inside = self.models.where()
        if cls is None or self.ctx.target < MAPPING_SINCE or not isinstance(node.value, (cst.List, cst.Tuple)):
            return
        for target in node.targets:
            held = dotted(target.target)
            if held == (_ATTRIBUTE if inside is None else f"self.{_ATTRIBUTE}"):
                self._report(cls, node, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        cls, inside = self.models.where()
        if cls is None or inside is not None or self.ctx.target < MAPPING_SINCE:
            return
        if dotted(node.target) == _ATTRIBUTE and isinstance(node.value, (cst.List, cst.Tuple)):
            self._report(cls, node, node.value)

    def _report(self, node: cst.ClassDef, statement: cst.BaseSmallStatement, value: cst.List | cst.Tuple) -> None:
        kind = "list" if isinstance(value, cst.List) else "tuple"
        message = self.message("list", cls=node.name.value, kind=kind, target=self.ctx.target, since=MAPPING_SINCE)
        names = [self.ctx.constant(element.value) for element in value.elements]
        source = self._input_embeddings(node)
        fix = None
        on_class = self.models.where()[1] is None  # not `self.X = [...]` in a method: left as it is
        if (
            on_class
            and len(names) == 1
            and isinstance(names[0], str)
            and names[0].endswith(".weight")
            and source is not None
        ):
            mapping = f'{{"{names[0]}": "{source}.weight"}}'
            typed = ": dict[str, str]" if isinstance(statement, cst.AnnAssign) else ""  # a list's annotation goes
            edit = self.ctx.replace(statement, f"{_ATTRIBUTE}{typed} = {mapping}")
            fix = PendingFix(Applicability.SAFE, "Map the tied weight to the input embeddings' weight", [edit])
        self.report(statement, message, fix)

    def _input_embeddings(self, node: cst.ClassDef) -> str | None:
        """`return self.model.embed_tokens` in the class's `get_input_embeddings` (or an in-file base's):
        "model.embed_tokens"."""
        for cls in self.models.lineage(node):
            found = method(cls, _INPUT_EMBEDDINGS)
            if found is None:
                continue
            body = found.body.body
            if len(body) == 1 and isinstance(body[0], cst.SimpleStatementLine):
                returned = body[0].body[0]
                path = dotted(returned.value) if isinstance(returned, cst.Return) and returned.value else ""
                if path.startswith("self."):  # `self.model.embed_tokens` -> "model.embed_tokens"
                    return path.removeprefix("self.")
            return None
        return None
