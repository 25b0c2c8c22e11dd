"""HF315: a keyword that the called transformers API no longer takes, from the API timeline."""

from __future__ import annotations

import libcst as cst

from lint_rules.calls import Given, argument, callee, given_keywords
from lint_rules.context import Applicability, PendingFix
from lint_rules.facts.kinds import kind_of_path
from lint_rules.facts.paths import SymbolPath
from lint_rules.knowledge.changes import MapFlags, Rename
from lint_rules.knowledge.keywords import ORGANIZATION, owned_by, owned_elsewhere
from lint_rules.knowledge.moves import moves
from lint_rules.knowledge.timeline import VALUE_SETS, timeline
from lint_rules.rewrites import rewrite_args
from lint_rules.rule import FixAvailability, Invalid, Valid
from lint_rules.rules.hf3_migration.common import ReleaseGuards, recorded_callable
from lint_rules.versions import Version

REPO_URL = "repo_url"
LOADER = "PreTrainedModel.from_pretrained"  # takes `**kwargs`: what it stopped reading is passed on, not refused
CONFIG, CONFIG_ATTRIBUTES = "PretrainedConfig", "config_attribute"
REMOTE_URL = "transformers.utils.hub.is_remote_url"  # what the loaders of 4.x used to download a URL
_IMAGE_TEXT_TO_TEXT = "image-text-to-text"
CHAT_IMAGES_SINCE = Version(5, 0)  # `ImageTextToTextPipeline.__call__` raises on a chat beside `images` (5.0.0's wheel)
HUB_URL = "https://huggingface.co/"
# The removed keywords whose replacement the 4.x notice named, by (recorded callable, keyword).
_REPLACEMENTS = {(callable_, row.old): row for row in owned_by("HF315") for callable_ in row.callees}


class RemovedKeyword(ReleaseGuards):
    code = "HF315"
    name = "removed-keyword"
    summary = "A keyword that the called transformers API no longer takes"
    messages = {
        "removed": (
            "`{keyword}=` is not a parameter of `{callable}` in transformers {target}: removed in {removed} (TypeError)"
        ),
        "positional": (
            "`{callable}` takes at most {limit} positional argument{s} in transformers {target} (fewer than "
            "{count} since {removed}), and this call passes {count}: pass the rest by keyword (TypeError)"
        ),
        "ignored": (
            "`{callable}` no longer reads `{keyword}=` in transformers {target} (removed in {removed}): it is passed "
            "on to the model and config, which ignore it or raise TypeError"
        ),
        "url": (
            "`{callable}` takes a Hub id or a local folder in transformers {target}: loading from a URL went in "
            "{removed} (OSError)"
        ),
        "config": (
            "`{keyword}=` is no longer a config setting in transformers {target} (removed in {removed}): "
            "`{callable}` stores it on the config, and nothing reads it"
        ),
        "forward": (
            "no model's `forward` takes `{keyword}=` in transformers {target} (removed in {removed}): it raises "
            "TypeError or is ignored"
        ),
        "value": '`{keyword}="{value}"` is not accepted by `{callable}` in transformers {target}: removed in {removed}',
        "task": (
            "`{keyword}=` is not a parameter of the `{task}` pipeline in transformers {target}: removed in {removed} "
            "(TypeError)"
        ),
        "chat_images": (
            "`images=` beside a chat `text=` raises ValueError in the image-text-to-text pipeline of transformers "
            "{target} (since {since}; {before} put the images into the chat's image entries): give each image in "
            'its message\'s content, `{{"type": "image", "image": ...}}`'
        ),
    }
    fix_availability = FixAvailability.SOMETIMES
    what_it_does = """
Checks the keywords of calls that reach the transformers APIs the timeline records, by import origin and
through local subclasses, trl and peft: `TrainingArguments` and `Seq2SeqTrainingArguments`, `Trainer`
and its `train` and `push_to_hub`, a model's or tokenizer's `push_to_hub` and `save_pretrained`, the
tokenizer's call, `pad` and `decode`, `GenerationConfig` and `pipeline`, and the parameters of each
task's pipeline (`pipeline("ner", grouped_entities=True)`). A keyword that an earlier release took and
the target release's signature rejects (no `**kwargs` takes it) is reported with the release that
removed it, and so is a call that passes more arguments by position than the target takes
(`model.push_to_hub("name", "commit message")`: `commit_message` is keyword-only in 5.x). A model's
`from_pretrained` takes `**kwargs`, so a keyword it stopped reading (`use_flash_attention_2`,
`from_flax`) is reported as no longer read. Calling a model (`model(**inputs, head_mask=mask)`) is checked
against the keywords that any model's `forward` takes in the target, and the strings that a keyword takes
from an enum of the library (`hyperparameter_search(backend="sigopt")`, `TrainingArguments(optim=...)`)
against that enum's values in the target. An image-text-to-text pipeline called with a chat (a list of dicts,
or a name bound to one) as `text=` and with `images=` is reported too: 5.0 refuses the pair. Keywords with
a rule of their own (HF302, HF303, HF308, HF309, HF313) are left to it, and so is compatibility code: a
call under an `if` on the installed version, or in a `try` that catches a missing import or attribute.
"""
    why_bad = """
The call raises `TypeError: ... got an unexpected keyword argument` at run time, often at the end of a
training run: `model.push_to_hub("name", organization="acme")` (gone in 5.0: give
`repo_id="acme/name"`), `trainer.train(model_path=...)` (use `resume_from_checkpoint=`). An image-text-to-text
pipeline given a chat and `images=` raises `ValueError: Invalid input: you passed chat and images as separate
input arguments` in 5.x, where 4.57 put the images into the chat's `{"type": "image"}` entries in order.
"""
    fix_safety = """
`push_to_hub("name", organization="acme")` becomes `push_to_hub("acme/name")`, the same repository:
safe. A keyword whose 4.x deprecation named its replacement is renamed where the replacement exists in
every release the project admits: `trainer.train(model_path=...)` -> `resume_from_checkpoint=`, safe
(4.x read one as the other); `push_to_hub(repo_path_or_name=...)` -> `repo_id=`, unsafe (it also took a
local folder); `pipeline("ner", grouped_entities=True)` -> `aggregation_strategy="simple"`, safe (what
4.x made of it). `push_to_hub(repo_url="https://huggingface.co/acme/name")` pushes to `"acme/name"`: safe
alone, unsafe when it replaces a `repo_id` (4.x refused both). Any other removed keyword is removed,
unsafe: whatever it asked for (`use_temp_dir=`, `ignore_metadata_errors=`, `head_mask=`) no longer
happens, and the call runs. `use_flash_attention_2=True` becomes `attn_implementation="flash_attention_2"`,
safe: 4.x translated it so. A removed enum value is reported only: the replacement is a choice. Arguments
passed by position beyond what the target takes are passed by the name 4.x bound them to (read from its wheel:
`push_to_hub("acme/x", False, "msg")` -> `push_to_hub("acme/x", commit_message="msg")`), safe where every admitted
release takes each name; an argument whose name the target no longer takes is dropped, unsafe. Images beside a
chat are reported only: where each goes in the chat is the code's to say.
"""
    invalid = (
        Invalid(
            """
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2")
            model.push_to_hub("acme/my-model", False, "first version")
            """,
            fixed="""
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2")
            model.push_to_hub("acme/my-model", commit_message="first version")
            """,
        ),
        Invalid(
            """
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2")
            model.push_to_hub("my-model", organization="acme")
            """,
            fixed="""
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2")
            model.push_to_hub("acme/my-model")
            """,
        ),
        Invalid(
            """
            from transformers import pipeline

            ner = pipeline("ner", model="dslim/bert-base-NER", grouped_entities=True)
            """,
            fixed="""
            from transformers import pipeline

            ner = pipeline("ner", model="dslim/bert-base-NER", aggregation_strategy="simple")
            """,
        ),
        Invalid(
            """
            from transformers import AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")
            tokenizer.push_to_hub("acme/tokenizer", use_temp_dir=True)
            """,
            fixed="""
            from transformers import AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")
            tokenizer.push_to_hub("acme/tokenizer")
            """,
        ),
        Invalid(
            """
            from transformers import AutoModel

            model = AutoModel.from_pretrained("bert-base-uncased")
            model.push_to_hub(repo_url="https://huggingface.co/acme/encoder")
            """,
            fixed="""
            from transformers import AutoModel

            model = AutoModel.from_pretrained("bert-base-uncased")
            model.push_to_hub(repo_id="acme/encoder")
            """,
        ),
        Invalid(
            """
            from transformers import Trainer

            trainer = Trainer(model=model, args=args)
            trainer.train(model_path="out/checkpoint-500")
            """,
            fixed="""
            from transformers import Trainer

            trainer = Trainer(model=model, args=args)
            trainer.train(resume_from_checkpoint="out/checkpoint-500")
            """,
        ),
        Invalid(
            """
            from transformers import AutoModel

            model = AutoModel.from_pretrained("bert-base-uncased")
            model.push_to_hub("me/model", True)
            """,
            fixed="""
            from transformers import AutoModel

            model = AutoModel.from_pretrained("bert-base-uncased")
            model.push_to_hub("me/model")
            """,
        ),
        Invalid(
            """
            from transformers import AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")
            text = tokenizer.decode(ids, True, False)
            """,
            fixed="""
            from transformers import AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")
            text = tokenizer.decode(ids, True, clean_up_tokenization_spaces=False)
            """,
        ),
        Invalid(
            """
            from transformers import pipeline

            pipe = pipeline("image-text-to-text", model="HuggingFaceTB/SmolVLM-256M-Instruct")
            messages = [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "What is this?"}]}]
            outputs = pipe(text=messages, images=[image], max_new_tokens=50)
            """,
        ),
    )
    valid = (
        Valid(
            """
            from transformers import pipeline

            pipe = pipeline("image-text-to-text", model="HuggingFaceTB/SmolVLM-256M-Instruct")
            messages = [{"role": "user", "content": [{"type": "image", "image": image}, {"type": "text", "text": "?"}]}]
            outputs = pipe(text=messages, max_new_tokens=50)
            captions = pipe(images=[image], text="<image> Describe it.")  # not a chat: still taken
            """,
        ),
        Valid(
            """
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2")
            model.push_to_hub("acme/my-model", commit_message="first version")
            """,
        ),
        Valid(
            """
            from transformers import pipeline

            ner = pipeline("ner", model="dslim/bert-base-NER", aggregation_strategy="simple")
            """,
        ),
        Valid(
            """
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2")
            model.push_to_hub("acme/my-model", private=True)
            """,
        ),
        Valid(
            """
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("gpt2")
            model.push_to_hub("my-model", organization="acme")
            """,
            target="4.57",
        ),
        Valid(
            """
            from transformers import TrainingArguments

            TrainingArguments("out", evaluation_strategy="steps")  # HF309's
            """,
        ),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.timeline = timeline()
        self.active = self.timeline.covers(ctx.target)
        self.watched = self.timeline.gone_call_keywords | {keyword for _, keyword in VALUE_SETS}

    def visit_Call(self, node: cst.Call) -> None:
        if not self.active:
            return
        if self.ctx.target >= CHAT_IMAGES_SINCE and any(
            arg.keyword is not None and arg.keyword.value == "images" for arg in node.args
        ):
            self._chat_images(node)
        positional = [arg for arg in node.args if arg.keyword is None and not arg.star]
        if positional and isinstance(node.func, cst.Attribute) and node.func.attr.value == "from_pretrained":
            first = self.ctx.fixed_constant(positional[0].value)  # a literal, or a name bound to one
            if isinstance(first, str) and first.startswith(("http://", "https://")):
                self._url(node, positional[0])
        if len(positional) < 2 and not any(
            arg.star == "**" or arg.keyword is not None and arg.keyword.value in self.watched for arg in node.args
        ):
            return  # no keyword that any recorded callable ever lost, nor extra positions: most calls end here
        if kind_of_path(self.ctx.hf_name(node.func)) == ("model", False):
            self._model_call(node)
            return
        found = callee(self.ctx, node.func)
        if found is None or found.closed is not None:  # a wrapper's own signature is not the timeline's
            return
        if found.path == "pipeline":
            self._pipeline_task(node)
            return
        recorded = recorded_callable(found.path)
        if recorded is None:
            return
        self._positions(node, recorded, positional, found.via or recorded)
        takes_any = self.timeline.takes_any_keyword(recorded, self.ctx.target)
        for keyword, item in given_keywords(self.ctx, node).items():
            if keyword in found.own or owned_elsewhere(keyword, found.path, self.code):
                continue
            self._value(recorded, item)
            if takes_any and recorded != LOADER:
                continue
            removed = self.timeline.removed_in(self.timeline.keyword(recorded, keyword), self.ctx.target)
            if removed is None and recorded == LOADER and not self.timeline.keyword(recorded, keyword):
                self._config_setting(node, found.path, item)
                continue
            if removed is not None and not self.guarded:
                kind = "ignored" if takes_any else "removed"
                shown = found.via or (found.path if takes_any else recorded)
                message = self.message(kind, keyword=keyword, callable=shown, target=self._target(), removed=removed)
                self._report_keyword(item, message, node, recorded)

    def _url(self, node: cst.Call, first: cst.Arg) -> None:
        """`AutoConfig.from_pretrained("https://.../config.json")`: 4.x downloaded a URL (`is_remote_url`)."""
        path = self.ctx.hf_name(node.func)
        loaded = SymbolPath.parse(path).loader_of() if path is not None else None
        if loaded is None or kind_of_path(loaded) is None:
            return
        removed = self.timeline.removed_in(self.timeline.name(REMOTE_URL), self.ctx.target)
        if removed is not None and not self.guarded:
            self.report(first.value, self.message("url", callable=path, target=self._target(), removed=removed))

    def _config_setting(self, node: cst.Call, path: str, item: Given) -> None:
        """`from_pretrained(..., torchscript=True)`: what `from_pretrained` does not take goes to the config; a
        setting that no config defines any more is stored and never read."""
        timeline = self.timeline
        removed = timeline.removed_in(timeline.keyword(CONFIG, item.name), self.ctx.target)
        if (
            removed is None
            or timeline.removed_in(timeline.member(CONFIG_ATTRIBUTES, item.name), self.ctx.target) is None
        ):
            return
        if not self.guarded:
            message = self.message("config", keyword=item.name, callable=path, target=self._target(), removed=removed)
            self._report_keyword(item, message, node, LOADER)

    def _model_call(self, node: cst.Call) -> None:
        """`model(**inputs, head_mask=mask)`: a keyword that some model's `forward` took and none takes now."""
        for arg in node.args:
            if arg.keyword is None or arg.keyword.value not in self.timeline.gone_call_keywords:
                continue
            removed = self.timeline.removed_in(self.timeline.model_call(arg.keyword.value), self.ctx.target)
            if removed is not None and not self.guarded:
                message = self.message("forward", keyword=arg.keyword.value, target=self._target(), removed=removed)
                edit = self.ctx.replace(node, rewrite_args(node, [arg]))
                self.report(
                    arg.keyword, message, PendingFix(Applicability.UNSAFE, f"Remove `{arg.keyword.value}=`", [edit])
                )

    def _value(self, recorded: str, item: Given) -> None:
        """`hyperparameter_search(backend="sigopt")`: a string an enum of the library took, and no longer does."""
        value = self.ctx.constant(item.value)
        spans = self.timeline.value(recorded, item.name, value) if isinstance(value, str) else None
        if spans is None or self.timeline.value(recorded, item.name, "") is None:
            return
        removed = self.timeline.removed_in(spans, self.ctx.target)
        if removed is not None and not self.guarded:
            message = self.message(
                "value", keyword=item.name, value=value, callable=recorded, target=self._target(), removed=removed
            )
            self.report(item.value, message)

    def _positions(self, node: cst.Call, recorded: str, positional: list[cst.Arg], shown: str) -> None:
        """More arguments by position than the target takes, where an earlier release took them."""
        if any(arg.star == "*" for arg in node.args):
            return
        limit = self.timeline.positional(recorded, self.ctx.target)
        if limit is None or len(positional) <= limit:
            return
        removed = self.timeline.positional_since(recorded, len(positional), self.ctx.target)
        if removed is None or self.guarded:
            return
        message = self.message(
            "positional", callable=shown, limit=limit, s="" if limit == 1 else "s", target=self._target(),
            removed=removed, count=len(positional),
        )  # fmt: skip
        self.report(positional[limit], message, self._by_name(node, recorded, positional, limit))

    def _by_name(self, call: cst.Call, recorded: str, positional: list[cst.Arg], limit: int) -> PendingFix | None:
        """`model.push_to_hub("acme/model", True)` -> each argument past the limit given by the name 4.x bound it to
        (`knowledge.moves`), and dropped where the target takes no such keyword (unsafe then). Safe where every
        admitted release takes each name."""
        names = moves().positional_names.get(recorded)
        if names is None or len(positional) > len(names) or positional[-1] is not call.args[len(positional) - 1]:
            return None  # more than 4.x took, or keywords before the positional ones end
        given = {arg.keyword.value for arg in call.args if arg.keyword is not None}
        replaced, dropped, safe = [], [], True
        gone = []
        for arg, name in zip(positional[limit:], names[limit:], strict=False):
            spans = self.timeline.keyword(recorded, name)
            if name in given:
                return None
            if not self.timeline.has(spans, self.ctx.target):
                dropped.append(arg)
                gone.append(f"`{name}`")
                safe = False
                continue
            safe = safe and self.timeline.has(spans, self.ctx.floor)
            equal = cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))
            replaced.append((arg, arg.with_changes(keyword=cst.Name(name), equal=equal)))
        rewritten = rewrite_args(call, dropped, replace=replaced)
        safety = Applicability.SAFE if safe else Applicability.UNSAFE
        title = "Pass them by name" + (f"; drop what 4.x read as {', '.join(gone)}" if gone else "")
        return PendingFix(safety, title, [self.ctx.replace(call, rewritten)])

    def _chat_images(self, node: cst.Call) -> None:
        """`pipe(text=messages, images=images)` on an image-text-to-text pipeline, `messages` a chat (a list of
        dicts): 4.57 merged the images into the chat (`Chat(text, images)`); 5.0 raises ValueError (read in both
        wheels)."""
        made = self.ctx.producer(node.func)
        if made is None or self.ctx.hf_name(made[0].func) != "pipeline":
            return
        task = self.ctx.constant(argument(made[0], 0, "task"))
        if task != _IMAGE_TEXT_TO_TEXT:
            return
        text = argument(node, 1, "text")
        images = next(arg for arg in node.args if arg.keyword is not None and arg.keyword.value == "images")
        if text is None or not self._is_chat(text) or self.guarded:
            return
        before = moves().releases[0].rsplit(".", 1)[0]
        message = self.message("chat_images", target=self._target(), since=CHAT_IMAGES_SINCE, before=before)
        self.report(images.keyword, message)

    def _is_chat(self, value: cst.BaseExpression) -> bool:
        """A list literal of dicts, or a name bound to one here."""
        if isinstance(value, cst.Name):
            found = self.ctx.table.lookup(value.value, self.ctx.scope, self.ctx.seq)
            value = found[0].value if found is not None else None
        return isinstance(value, cst.List) and bool(value.elements) and isinstance(value.elements[0].value, cst.Dict)

    def _pipeline_task(self, node: cst.Call) -> None:
        """`pipeline("ner", grouped_entities=True)`: what `pipeline` does not take itself goes to the task's
        pipeline class, whose parameters the timeline records."""
        task = self.ctx.constant(argument(node, 0, "task"))
        recorded = self.timeline.task_parameters(task) if isinstance(task, str) else None
        if recorded is None or self.timeline.takes_any_keyword(recorded, self.ctx.target):
            return
        for keyword, item in given_keywords(self.ctx, node).items():
            own = self.timeline.keyword("pipeline", keyword)
            if self.timeline.has(own, self.ctx.target) or owned_elsewhere(keyword, "pipeline", self.code):
                continue
            removed = self.timeline.removed_in(self.timeline.keyword(recorded, keyword), self.ctx.target)
            if removed is not None and not self.guarded:
                message = self.message("task", keyword=keyword, task=task, target=self._target(), removed=removed)
                self._report_keyword(item, message, node, recorded)

    def _report_keyword(self, item: Given, message: str, call: cst.Call, recorded: str) -> None:
        fix = self._fix(call, recorded, item)
        replacement = _REPLACEMENTS.get((recorded, item.name))
        if fix is None and replacement is not None and item.arg is not None:
            spans = self.timeline.keyword(recorded, replacement.new)
            message += self.ctx.no_fix(f"`{replacement.new}=`", self.timeline.since(spans, self.ctx.target))
        self.report(item.at, message, fix)

    # ---- fixes -------------------------------------------------------------------------------------
    def _fix(self, call: cst.Call, recorded: str, item: Given) -> PendingFix | None:
        if item.arg is None:
            return None  # a key of a `**dict`: left as it is
        if item.name == ORGANIZATION and recorded.endswith(".push_to_hub"):
            return self._merge_organization(call, item.arg)
        replacement = _REPLACEMENTS.get((recorded, item.name))
        if replacement is None:
            if item.name == REPO_URL and recorded.endswith(".push_to_hub"):
                return self._repo_from_url(call, item.arg)
            edit = self.ctx.replace(call, rewrite_args(call, [item.arg]))
            return PendingFix(Applicability.UNSAFE, f"Remove `{item.name}=`", [edit])
        if any(arg.keyword is not None and arg.keyword.value == replacement.new for arg in call.args):
            return None
        spans = self.timeline.keyword(recorded, replacement.new)
        if not (self.timeline.has(spans, self.ctx.floor) and self.timeline.has(spans, self.ctx.target)):
            return None
        action = replacement.action
        if isinstance(action, MapFlags):
            return self._flags(call, item, action)
        assert isinstance(action, Rename)
        safety = Applicability.SAFE if action.safe else Applicability.UNSAFE
        edit = item.rename(self.ctx, action.new)
        return None if edit is None else PendingFix(safety, f"Use `{action.new}=`", [edit])

    def _merge_organization(self, call: cst.Call, organization: cst.Arg) -> PendingFix | None:
        """`push_to_hub("name", organization="acme")` -> `push_to_hub("acme/name")`: the same repository."""
        org = self.ctx.fixed_constant(organization.value)
        first = call.args[0] if call.args and call.args[0].keyword is None and not call.args[0].star else None
        name = self.ctx.fixed_constant(first.value) if first is not None else None
        if not (isinstance(org, str) and isinstance(name, str)):
            return None
        if "/" in name or not org:
            return None
        quote = first.value.quote if isinstance(first.value, cst.SimpleString) else '"'
        merged = cst.Arg(value=cst.SimpleString(f"{quote}{org}/{name}{quote}"))
        edit = self.ctx.replace(call, rewrite_args(call, [organization], replace=(first, merged)))
        return PendingFix(Applicability.SAFE, f'Push to "{org}/{name}"', [edit])

    def _flags(self, call: cst.Call, item: Given, flags: MapFlags) -> PendingFix | None:
        """Two flags 4.x read together (`grouped_entities`, `ignore_subwords`) -> the one keyword they meant."""
        partner = next(
            (arg for arg in call.args if flags.partner and arg.keyword and arg.keyword.value == flags.partner),
            None,
        )
        own_value = self.ctx.fixed_constant(item.value)
        partner_value = None if partner is None else self.ctx.fixed_constant(partner.value)
        if not isinstance(own_value, bool) or (partner is not None and not isinstance(partner_value, bool)):
            return None
        value = flags.flagged(own_value, partner_value)
        if value is None:
            return None
        if not value:
            edit = self.ctx.replace(call, rewrite_args(call, [arg for arg in (item.arg, partner) if arg is not None]))
            return PendingFix(Applicability.SAFE, f"Remove `{item.name}=` (the default)", [edit])
        new_arg = cst.Arg(keyword=cst.Name(flags.new), value=cst.parse_expression(value), equal=item.arg.equal)
        edit = self.ctx.replace(call, rewrite_args(call, [partner] if partner else [], replace=(item.arg, new_arg)))
        return PendingFix(Applicability.SAFE, f"Use `{flags.new}={value}`", [edit])

    def _repo_from_url(self, call: cst.Call, repo_url: cst.Arg) -> PendingFix | None:
        """`push_to_hub(repo_url="https://huggingface.co/acme/name")` -> `push_to_hub("acme/name")`: 4.x took the
        repository from the URL (and refused a `repo_id` beside it, so replacing one is unsafe)."""
        url = self.ctx.fixed_constant(repo_url.value)
        repo = url[len(HUB_URL) :].strip("/") if isinstance(url, str) and url.startswith(HUB_URL) else ""
        if repo.count("/") != 1:
            return None
        quote = repo_url.value.quote if isinstance(repo_url.value, cst.SimpleString) else '"'
        value = cst.SimpleString(f"{quote}{repo}{quote}")
        first = call.args[0] if call.args and call.args[0].keyword is None and not call.args[0].star else None
        if first is None:
            moved = repo_url.with_changes(keyword=cst.Name("repo_id"), value=value)
            edit = self.ctx.replace(call, rewrite_args(call, [], replace=(repo_url, moved)))
            return PendingFix(Applicability.SAFE, f'Use `repo_id="{repo}"`', [edit])
        edit = self.ctx.replace(call, rewrite_args(call, [repo_url], replace=(first, first.with_changes(value=value))))
        return PendingFix(Applicability.UNSAFE, f'Push to "{repo}"', [edit])

    def _target(self) -> str:
        return str(self.timeline.at(self.ctx.target))
