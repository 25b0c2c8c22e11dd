"""HF603: a LoRA config whose `target_modules` names the per-expert layers of a model whose experts transformers 5
fuses into parameters."""

from __future__ import annotations

import libcst as cst

from lint_rules.calls import argument, keyword
from lint_rules.context import Applicability, PendingFix
from lint_rules.knowledge.stack import ExpertTargets, stack_timeline
from lint_rules.knowledge.timeline import timeline as transformers_timeline
from lint_rules.rule import FixAvailability, Invalid, Valid
from lint_rules.rules.hf3_migration.stack_common import StackRule, resolve
from lint_rules.versions import Version

# Read in the 5.0.0 wheel: `conversion_mapping` fuses the experts of the MoE types at load (`mlp.experts.*.w1.weight`
# and `w3` into the parameter `mlp.experts.gate_up_proj`); which types, and the layers, come from the target's wheel.
FUSED_SINCE = Version(5, 0)
ALL_LINEAR = "all-linear"  # peft's shorthand for every linear layer but the output one
_WRAPPERS = frozenset({"prepare_model_for_kbit_training", "prepare_model_for_int8_training"})  # return the model


class LoraTargetsFusedExperts(StackRule):
    code = "HF603"
    name = "lora-targets-fused-experts"
    summary = "LoRA `target_modules` naming per-expert layers that transformers 5 fuses into parameters"
    messages = {
        "unmapped": (
            "`target_modules` names {names}, per-expert layers of {model}: transformers {target} fuses its experts "
            "into the parameters {parameters}, and {peft} does not map these names onto them, so LoRA adapts none of "
            "the experts, silently; target them with `target_parameters=[{listed}]`"
        ),
        "old_peft": (
            "`target_modules` names {names}, per-expert layers of {model}: transformers {target} fuses its experts "
            "into the parameters {parameters}, which peft maps these names onto only from {since}; with peft "
            "{oldest}, which {source} admits, LoRA adapts none of the experts, silently; require `peft>={since}`"
        ),
        "all_linear_unmapped": (
            '`target_modules="all-linear"` means every linear layer of {model}, its experts\' too: transformers '
            "{target} fuses its experts into the parameters {parameters}, no linear layers, and {peft} does not map "
            "them, so LoRA adapts none of the experts, silently; add `target_parameters=[{listed}]`"
        ),
        "all_linear_old_peft": (
            '`target_modules="all-linear"` means every linear layer of {model}, its experts\' too: transformers '
            "{target} fuses its experts into the parameters {parameters}, which peft adds to it only from {since}; "
            "with peft {oldest}, which {source} admits, LoRA adapts none of the experts, silently; require "
            "`peft>={since}`"
        ),
        "partial": (
            "`target_modules` names {present} without {missing}: the experts of {model} hold them as one parameter "
            'in transformers {target}, `{parameter}`, and {peft} raises ValueError ("Cannot convert PEFT target(s) '
            '{present_plain} without also targeting {missing_plain} because they are fused into {parameter}."); '
            "add {missing}"
        ),
    }
    fix_availability = FixAvailability.SOMETIMES
    modules = ("peft",)
    what_it_does = """
Follows a peft `LoraConfig(target_modules=...)` to the model it adapts: `get_peft_model(model, config)`, or a trl
trainer's `peft_config=` with its `model=`, where the model is loaded from a checkpoint whose type is known (a
string id or a local folder, through names). When transformers fuses that type's experts into parameters at load
(the target release's weight conversion says which types, and which per-expert layers go into which parameter),
it reports a list that names the per-expert layers (`w1`, `w2`, `w3` of Mixtral; `gate_proj`, `up_proj`,
`down_proj` of Qwen2-MoE) or `"all-linear"`, by what the peft releases the project admits do with them. A list
may be built with `+` from named lists. A model loaded with `trust_remote_code=True` is not judged: the checkpoint's
own modeling code may run, which transformers does not fuse.
"""
    why_bad = """
transformers 4 built each expert of a Mixture-of-Experts model from linear layers (`experts.0.w1`); transformers 5
fuses them at load into one parameter per projection (`experts.gate_up_proj`, `experts.down_proj`), which are no
linear layers. peft 0.19 and later map the old names onto those parameters for the types whose weight conversion is
Mixtral's or Qwen2-MoE's (Mixtral, Qwen3-MoE, OLMoE, DeepSeek-V3, ...): a list naming both halves of a fused
parameter works, one naming only one of them (`w1` without `w3`) raises ValueError. For any other type (Qwen2-MoE
itself since transformers 5.5, Phi-MoE, Jamba), and with a peft before 0.19, nothing maps them: LoRA adapts the
other names it finds (attention layers, a shared expert) and none of the experts, with no error and no warning.
Run with tiny models under transformers 5.23 and 5.25: Mixtral with peft 0.21.2 adapts `experts` for `["q_proj",
"w1", "w2", "w3"]` and raises for `["q_proj", "w1"]` (OLMoE likewise for `["q_proj", "gate_proj"]`); with peft 0.18.1
it adapts `q_proj` alone; with peft 0.21.2, Qwen2-MoE adapts `q_proj` and the shared expert for `["q_proj",
"gate_proj", "up_proj", "down_proj"]` and for `"all-linear"`, Phi-MoE and Jamba `q_proj` alone for their expert
names, and Qwen2-MoE's experts are adapted with `target_parameters=["experts.gate_up_proj", "experts.down_proj"]`.
"""
    fix_safety = """
A list that names one half of a fused parameter gets the other half added (`["q_proj", "w1"]` -> `["q_proj", "w1",
"w3"]`), which peft then adapts together. Unsafe: the adapter gains the layers added (in transformers 4 too), and
only the program's owner knows whether they were left out on purpose. The other cases need a choice of parameters
or of requirements, and are reported without a fix.
"""
    invalid = (
        Invalid(
            """
            from peft import LoraConfig, get_peft_model
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("Qwen/Qwen1.5-MoE-A2.7B")
            config = LoraConfig(r=8, target_modules=["q_proj", "v_proj", "gate_proj", "up_proj", "down_proj"])
            model = get_peft_model(model, config)
            """,
            use_instead="""
            from peft import LoraConfig, get_peft_model
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("Qwen/Qwen1.5-MoE-A2.7B")
            config = LoraConfig(
                r=8,
                target_modules=["q_proj", "v_proj"],
                target_parameters=["experts.gate_up_proj", "experts.down_proj"],
            )
            model = get_peft_model(model, config)
            """,
        ),
        Invalid(
            """
            from peft import LoraConfig, get_peft_model
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("mistralai/Mixtral-8x7B-v0.1")
            model = get_peft_model(model, LoraConfig(target_modules=["q_proj", "v_proj", "w1"]))
            """,
            fixed="""
            from peft import LoraConfig, get_peft_model
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("mistralai/Mixtral-8x7B-v0.1")
            model = get_peft_model(model, LoraConfig(target_modules=["q_proj", "v_proj", "w1", "w3"]))
            """,
        ),
        Invalid(
            """
            from peft import LoraConfig, get_peft_model, prepare_model_for_kbit_training
            from transformers import AutoModelForCausalLM

            MODEL = "mistralai/Mixtral-8x7B-v0.1"
            TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "w1", "w2", "w3"]


            def build():
                model = AutoModelForCausalLM.from_pretrained(MODEL, device_map="auto")
                model = prepare_model_for_kbit_training(model)
                return get_peft_model(model, LoraConfig(r=16, target_modules=TARGETS))
            """,
            requirements=("peft>=0.13",),
        ),
        Invalid(
            """
            from peft import LoraConfig
            from trl import SFTTrainer

            trainer = SFTTrainer(
                model="Qwen/Qwen1.5-MoE-A2.7B",
                train_dataset=dataset,
                peft_config=LoraConfig(target_modules="all-linear"),
            )
            """,
        ),
        Invalid(
            """
            from peft import LoraConfig, get_peft_model
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("mistralai/Mixtral-8x7B-v0.1")
            model = get_peft_model(model, LoraConfig(target_modules="all-linear"))
            """,
            requirements=("peft==0.19.1",),
        ),
        Invalid(
            """
            from peft import LoraConfig, get_peft_model
            from transformers import AutoModelForCausalLM

            ATTENTION = ["q_proj", "k_proj", "v_proj", "o_proj"]
            model = AutoModelForCausalLM.from_pretrained("Qwen/Qwen3-30B-A3B")
            model = get_peft_model(model, LoraConfig(target_modules=ATTENTION + ["gate_proj", "down_proj"]))
            """,
            fixed="""
            from peft import LoraConfig, get_peft_model
            from transformers import AutoModelForCausalLM

            ATTENTION = ["q_proj", "k_proj", "v_proj", "o_proj"]
            model = AutoModelForCausalLM.from_pretrained("Qwen/Qwen3-30B-A3B")
            model = get_peft_model(model, LoraConfig(target_modules=ATTENTION + ["gate_proj", "down_proj", "up_proj"]))
            """,
        ),
    )
    valid = (
        Valid(
            """
            from peft import LoraConfig, get_peft_model
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("mistralai/Mixtral-8x7B-v0.1")
            model = get_peft_model(model, LoraConfig(target_modules=["q_proj", "v_proj", "w1", "w2", "w3"]))
            """,
        ),
        Valid(
            """
            from peft import LoraConfig, get_peft_model
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("Qwen/Qwen1.5-MoE-A2.7B")
            model = get_peft_model(model, LoraConfig(target_modules=["q_proj", "gate_proj", "up_proj", "down_proj"]))
            """,
            target="4.57",
        ),
        Valid(
            """
            from peft import LoraConfig, get_peft_model
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-7b-hf")  # no experts
            model = get_peft_model(model, LoraConfig(target_modules=["q_proj", "gate_proj", "up_proj", "down_proj"]))
            """,
        ),
        Valid(
            """
            from peft import LoraConfig, get_peft_model
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained(args.model_name)  # which model: not known
            model = get_peft_model(model, LoraConfig(target_modules=["q_proj", "w1"]))
            """,
        ),
        Valid(
            """
            from peft import LoraConfig, get_peft_model
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("mistralai/Mixtral-8x7B-v0.1")
            model = get_peft_model(model, LoraConfig(target_modules="all-linear"))  # peft 0.21 maps the experts
            """,
        ),
        Valid(
            """
            from peft import LoraConfig, get_peft_model
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("allenai/OLMoE-1B-7B-0924")
            model = get_peft_model(model, LoraConfig(target_modules=["q_proj", "gate_proj", "up_proj", "down_proj"]))
            """,
            requirements=("peft>=0.19,<1",),
        ),
        Valid(
            """
            from peft import LoraConfig, get_peft_model
            from transformers import AutoModelForCausalLM

            # the repository's own modeling code may run instead of transformers' fused experts
            model = AutoModelForCausalLM.from_pretrained("microsoft/Phi-3.5-MoE-instruct", trust_remote_code=True)
            model = get_peft_model(model, LoraConfig(target_modules=["q_proj", "w1", "w2", "w3"]))
            """,
        ),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.reported: set[int] = set()

    def visit_Call(self, node: cst.Call) -> None:
        if self.ctx.target < FUSED_SINCE or not self.active("peft"):
            return
        found = resolve(self.ctx.qualified_name(node.func))
        if found is None or len(found.callables) != 1 or found.classes:
            return
        called = found.callables[0]
        if found.timeline.package == "peft" and called == "get_peft_model":
            model, config = argument(node, 0, "model"), argument(node, 1, "peft_config")
        elif found.timeline.package == "trl" and found.timeline.is_class(called) and self._takes_peft_config(called):
            given = keyword(node, "peft_config")  # trl's trainers take it by keyword only
            model, config = argument(node, 0, "model"), given.value if given is not None else None
        else:
            return
        if model is None or config is None:
            return
        lora = self._lora_config(config)
        if lora is None:
            return
        targets, at, tail, seq = lora
        model_ref = self._model(model)
        if model_ref is None:
            return
        fused = self.ctx.catalog.fused_experts.get(model_ref.model_type)
        if fused and id(at) not in self.reported:
            self._judge(model_ref, fused, targets, at, tail, seq)

    def _takes_peft_config(self, trainer: str) -> bool:
        timeline = stack_timeline("trl")
        return timeline.has(timeline.keyword(trainer, "peft_config"), self.newest("trl"))

    def _lora_config(self, node: cst.BaseExpression):
        """The names a `LoraConfig(target_modules=...)` that ``node`` holds lists (or `"all-linear"`), where they are
        written, the literal list a name can be added to, and the statement that writes them; None when they are not
        literally known."""
        produced = self.ctx.producer(node)
        if produced is None:
            return None
        call, scope, seq = produced
        found = resolve(self.ctx.table.qualified_name(call.func, scope, seq))
        if found is None or found.timeline.package != "peft" or found.callables != ("LoraConfig",):
            return None
        given = keyword(call, "target_modules")
        if given is None:
            return None
        found = self.ctx.bound_value(given.value, scope, seq)
        if found is None:
            return None
        value, scope, seq = found
        if isinstance(value, cst.SimpleString | cst.ConcatenatedString):
            text = value.evaluated_value
            return (text, value, None, seq) if text == ALL_LINEAR else None
        listed = self._listed(value, scope, seq)
        return None if listed is None else (listed[0], value, listed[1], seq)

    def _listed(self, value: cst.BaseExpression, scope, seq: int, depth: int = 0):
        """The strings a list expression holds, through names and `+`, and its last literal list (where a name can
        be added); None when some part is not a literal list of strings."""
        found = self.ctx.bound_value(value, scope, seq) if depth <= 8 else None
        if found is None:
            return None
        value, scope, seq = found
        if isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.Add):
            left, right = (self._listed(side, scope, seq, depth + 1) for side in (value.left, value.right))
            return None if left is None or right is None else (left[0] + right[0], right[1])
        if not isinstance(value, cst.List | cst.Tuple | cst.Set):
            return None
        names = [element.value.evaluated_value for element in value.elements if _is_string(element)]
        return (names, value) if len(names) == len(value.elements) else None

    def _model(self, node: cst.BaseExpression):
        """The checkpoint behind the model ``node`` holds: an id given as it is (a trl trainer takes one), or the one
        a transformers class's `from_pretrained` loaded (through `prepare_model_for_kbit_training`)."""
        direct = self.ctx.model(node)
        if direct is not None:
            return direct
        scope, seq = self.ctx.scope, self.ctx.seq
        for _ in range(4):
            with self.ctx.at(scope, seq):
                loaded = self.ctx.loader(node)
                produced = self.ctx.producer(node) if loaded is None else None
            if loaded is not None:
                _, load, scope, seq = loaded
                remote = keyword(load, "trust_remote_code")
                with self.ctx.at(scope, seq):
                    if remote is not None and self.ctx.constant(remote.value) is not False:
                        return None  # the checkpoint may bring its own modeling code, which transformers does not fuse
                return self.ctx.model(argument(load, 0, "pretrained_model_name_or_path"), scope, seq)
            if produced is None:
                return None
            call, scope, seq = produced
            wrapper = resolve(self.ctx.table.qualified_name(call.func, scope, seq))
            node = argument(call, 0, "model") if wrapper is not None and set(wrapper.callables) & _WRAPPERS else None
            if node is None:
                return None
        return None

    def _judge(self, model_ref, fused, targets, at: cst.BaseExpression, tail, seq: int) -> None:
        per_expert = {layer: parameter for parameter, layers in fused.items() for layer in layers}
        shorthand = targets == ALL_LINEAR
        named = list(per_expert) if shorthand else [name for name in targets if name in per_expert]
        if not named:
            return
        pattern = transformers_timeline().conversion_pattern(model_ref.model_type, self.ctx.target)
        peft = stack_timeline("peft")

        def maps(release: Version) -> ExpertTargets | None:
            found = peft.expert_targets(model_ref.model_type, pattern, release)
            if found is None or not set(named) <= set(found.parameters) or (shorthand and not found.all_linear):
                return None
            return found

        ends = (self.newest("peft"), self.oldest("peft"), peft.releases[-1])  # admitted, and the newest known
        newest, oldest, known = (maps(release) for release in ends)
        fields = {
            "model": f"`{model_ref.model_id}` ({model_ref.model_type})", "target": self.ctx.target,
            "parameters": _names(sorted(fused)), "names": _names(named),
        }  # fmt: skip
        prefix = "all_linear_" if shorthand else ""
        self.reported.add(id(at))
        if newest is None and known is None:  # no peft release maps them
            listed = ", ".join(f'"experts.{parameter}"' for parameter in sorted({per_expert[n] for n in named}))
            message = self.message(f"{prefix}unmapped", peft=self.release("peft"), listed=listed, **fields)
            self.report(at, message, seq=seq)
        elif newest is not None and not shorthand and self._partial(newest, named, targets, fields, at, tail, seq):
            return
        elif newest is None or oldest is None:  # a later peft maps them, or an earlier one the project admits does not
            since = known.all_linear_since if shorthand else known.since
            lacking = peft.at(self.newest("peft") if newest is None else self.oldest("peft"))
            source = self.ctx.stack.range("peft").source
            message = self.message(f"{prefix}old_peft", since=since, oldest=lacking, source=source, **fields)
            self.report(at, message, seq=seq)

    def _partial(self, mapping: ExpertTargets, named, targets, fields: dict, at, tail, seq: int) -> bool:
        """Report a list that names some, not all, of the layers fused into one parameter; whether it did."""
        for parameter, together in sorted(mapping.together.items()):
            present = [name for name in together if name in named]
            missing = [name for name in together if name not in targets]
            if not present or not missing:
                continue
            message = self.message(
                "partial", present=_names(present), missing=_names(missing), parameter=parameter,
                present_plain=", ".join(sorted(present)), missing_plain=", ".join(sorted(missing)),
                peft=self.release("peft"), **fields,
            )  # fmt: skip
            fix = None
            if tail is not None and tail.elements:
                added = "".join(f', "{name}"' for name in missing)
                edit = self.ctx.insert_after(tail.elements[-1].value, added)
                fix = PendingFix(Applicability.UNSAFE, f"Add {_names(missing)}", [edit])
            self.report(at, message, fix, seq=seq)
            return True
        return False


def _is_string(element: cst.BaseElement) -> bool:
    return isinstance(element, cst.Element) and isinstance(element.value, cst.SimpleString | cst.ConcatenatedString)


def _names(names) -> str:
    return ", ".join(f"`{name}`" for name in names)
