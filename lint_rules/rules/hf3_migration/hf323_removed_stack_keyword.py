"""HF323: a keyword that the called huggingface_hub, datasets, peft or trl API no longer takes, from the stack's
timelines."""

from __future__ import annotations

import libcst as cst

from lint_rules.calls import Given, given_keywords, literal_bool
from lint_rules.context import Applicability, PendingFix
from lint_rules.knowledge.keywords import owned_elsewhere
from lint_rules.knowledge.stack import StackTimeline, stack_timeline
from lint_rules.knowledge.stack_replacements import KeywordReplacement, keyword_replacement
from lint_rules.knowledge.timeline import timeline as transformers_timeline
from lint_rules.rewrites import rewrite_args
from lint_rules.rule import FixAvailability, Invalid, Valid
from lint_rules.rules.hf3_migration.stack_common import StackRule, hint, hint_suffix, resolve

TRANSFORMERS = "transformers."


class RemovedStackKeyword(StackRule):
    code = "HF323"
    name = "removed-stack-keyword"
    summary = "A keyword that the called huggingface_hub, datasets, peft or trl API no longer takes"
    messages = {
        "removed": (
            "`{keyword}=` is not a parameter of `{callable}` in {release}: removed in {removed} (TypeError){hint}"
        ),
        "ignored": (
            "`{keyword}=` is ignored by `{callable}` in {release}: no parameter since {removed}, only its decorator "
            "takes it, and drops it with a warning{hint}"
        ),
        "passed": (
            "`{keyword}=` is no longer a parameter of `{callable}` in {release}: removed in {removed}, it lands in "
            "`**{kwargs}`, which does not expect it{hint}"
        ),
    }
    fix_availability = FixAvailability.SOMETIMES
    what_it_does = """
Checks the keywords of calls to huggingface_hub, datasets, peft and trl, by import origin: their functions
(`hf_hub_download`, `snapshot_download`, `login`, `load_dataset`, `prepare_model_for_kbit_training`), their
classes (`HfApi`, `LoraConfig`, `SFTTrainer`, `SFTConfig`) and the methods of objects whose origin is known
(`HfApi().upload_folder`, `load_dataset(...).map`), in the call or in a dict it unpacks. A keyword that an
earlier release of the package took and the release the project will run rejects (no `**kwargs` takes it) is
reported with the release that removed it and, where the library's deprecation said what to pass instead, its
words. A trl config or trainer that derives from a transformers class also takes what that class takes in the
target transformers release. The releases come from the project's pins, else from what the target transformers
release admits, as for HF322; compatibility code is not reported. Keywords with a rule of their own (HF302,
HF308) are left to it.
"""
    why_bad = """
The call raises `TypeError: ... got an unexpected keyword argument` when it runs:
`hf_hub_download(..., resume_download=True)` and `local_dir_use_symlinks=` under huggingface_hub 1.x (which
transformers 5 requires), `load_dataset(..., use_auth_token=...)` or `ignore_verifications=` under datasets 3,
`SFTTrainer(..., max_seq_length=512)` and `SFTConfig(max_seq_length=...)` under trl 0.20.
"""
    fix_safety = """
A rename the library's deprecation made, where the new keyword exists in every release the project admits:
`use_auth_token=` -> `token=` (datasets), `ignore_verifications=True` -> `verification_mode="no_checks"`,
`fs=fs` -> `storage_options=fs.storage_options`, `SFTConfig(max_seq_length=)` -> `max_length=`: safe, the
library read one as the other. `resume_download=`, `local_dir_use_symlinks=` and `write_permission=`, which
huggingface_hub ignored before removing them, are removed: safe. A keyword whose deprecation pointed somewhere
else (`SFTTrainer(max_seq_length=)`: set it on `SFTConfig`) is reported with that pointer and no fix; any other
removed keyword is removed, unsafe: what it asked for no longer happens.
"""
    invalid = (
        Invalid(
            """
            from huggingface_hub import hf_hub_download

            path = hf_hub_download("acme/model", "config.json", resume_download=True)
            """,
            fixed="""
            from huggingface_hub import hf_hub_download

            path = hf_hub_download("acme/model", "config.json")
            """,
        ),
        Invalid(
            """
            from datasets import load_dataset

            dataset = load_dataset("acme/private", use_auth_token=True)
            """,
            fixed="""
            from datasets import load_dataset

            dataset = load_dataset("acme/private", token=True)
            """,
        ),
        Invalid(
            """
            from datasets import load_dataset

            dataset = load_dataset("glue", "mrpc", ignore_verifications=True)
            """,
            fixed="""
            from datasets import load_dataset

            dataset = load_dataset("glue", "mrpc", verification_mode="no_checks")
            """,
        ),
        Invalid(
            """
            from trl import SFTConfig

            config = SFTConfig(output_dir="out", max_seq_length=512)
            """,
            fixed="""
            from trl import SFTConfig

            config = SFTConfig(output_dir="out", max_length=512)
            """,
        ),
        Invalid(
            """
            from trl import SFTTrainer

            trainer = SFTTrainer(model=model, train_dataset=dataset, dataset_text_field="text")
            """,
        ),
    )
    valid = (
        Valid(
            """
            from huggingface_hub import hf_hub_download

            path = hf_hub_download("acme/model", "config.json", force_download=True)
            """,
        ),
        Valid(
            """
            from datasets import load_dataset

            dataset = load_dataset("acme/private", token=True, split="train")
            """,
        ),
        Valid(
            """
            from trl import SFTConfig

            config = SFTConfig(output_dir="out", learning_rate=2e-5, max_length=512)  # TrainingArguments' own
            """,
        ),
        Valid(
            """
            from my_hub import hf_hub_download  # not huggingface_hub's

            hf_hub_download("acme/model", "config.json", resume_download=True)
            """,
        ),
    )

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        mentioned = [package for package in self.modules if package in ctx.text]
        self.gone = frozenset().union(
            *(stack_timeline(package).gone_keywords for package in mentioned if self.active(package))
        )
        self.reported: set[int] = set()

    def visit_Call(self, node: cst.Call) -> None:
        if not self.gone or not any(
            arg.star == "**" or arg.keyword is not None and arg.keyword.value in self.gone for arg in node.args
        ):
            return
        found = resolve(self.ctx.qualified_name(node.func))
        if found is None or not found.callables or not self.active(found.timeline.package):
            return
        timeline = found.timeline
        for keyword, item in given_keywords(self.ctx, node).items():
            if keyword not in self.gone or id(item.at) in self.reported:
                continue
            if self._claimed(timeline, keyword, found.callables):
                continue
            verdict = self._verdict(timeline, found.callables, keyword)
            if verdict is None or self.guarded:
                continue
            self.reported.add(id(item.at))
            kind, removed = verdict
            key = found.callables[0]
            notice = timeline.notice(f"{key}({keyword})")
            row = keyword_replacement(timeline.package, keyword)
            said = hint(notice.message if notice is not None else row.notice if row is not None else "")
            shown = f"{timeline.package}.{key}" if len(found.callables) == 1 else " / ".join(found.callables)
            message = self.message(
                kind, keyword=keyword, callable=shown, kwargs=timeline.kwargs(key),
                release=self.release(timeline.package), removed=removed,
                hint=hint_suffix(f"{timeline.package} says: {said}" if said else ""),
            )  # fmt: skip
            fix = self._fix(node, timeline, found.callables, item, said, kind == "ignored")
            self.report(item.at, message, fix)

    def _verdict(self, timeline: StackTimeline, callables: tuple[str, ...], keyword: str):
        """(how the release the project will run treats ``keyword``: "removed" (a TypeError), "passed" (it lands in
        the callable's ``**kwargs``, which the library announced), "ignored" (only its decorator takes it, and drops
        it with a warning); the release that made it so), the same for every callable the call may be; None when
        one still takes it, gets its keywords from a class of another library this tool cannot read, takes any
        keyword without the library having announced this one's removal, or never took it."""
        newest = self.newest(timeline.package)
        verdicts = set()
        for key in callables:
            spans = timeline.keyword(key, keyword)
            if not timeline.has(timeline.callable(key), newest):
                return None  # the callable itself is gone: HF322's
            if timeline.has(spans, newest):
                since = self._wrapped_since(timeline, key, keyword)
                if since is None:
                    return None
                verdicts.add(("ignored", since))
                continue
            takes_any = timeline.takes_any_keyword(key, newest)
            if takes_any and timeline.notice(f"{key}({keyword})") is None:
                return None
            if timeline.is_open(key, newest) and not self._outside_rejects(timeline, key, keyword):
                return None
            removed = timeline.removed_in(spans, newest)
            if removed is None:
                return None
            verdicts.add(("passed" if takes_any else "removed", removed))
        kinds = {kind for kind, _ in verdicts}
        return (kinds.pop(), max(release for _, release in verdicts)) if len(kinds) == 1 else None

    def _wrapped_since(self, timeline: StackTimeline, key: str, keyword: str):
        """The release from which only the decorator of ``key`` takes ``keyword`` (it was a parameter before), or
        None: it is a parameter, or the decorator always took it."""
        newest = self.newest(timeline.package)
        wrapped = timeline.wrapped(key, keyword)
        if not timeline.has(wrapped, newest):
            return None
        since = max(span.first for span in wrapped if span.first <= timeline.at(newest))
        index = timeline.releases.index(since)
        before = timeline.releases[index - 1] if index else None
        explicit = before is not None and timeline.has(timeline.keyword(key, keyword), before)
        return since if explicit and not timeline.has(wrapped, before) else None

    def _outside_rejects(self, timeline: StackTimeline, key: str, keyword: str) -> bool:
        """A class whose other keywords come from a transformers class (trl's configs: `TrainingArguments`) that
        the target transformers release records, and does not take ``keyword`` either."""
        base = timeline.outside_base(key) or ""
        recorded = base.removeprefix(TRANSFORMERS).rsplit(".", 1)[-1]
        transformers = transformers_timeline()
        if not base.startswith(TRANSFORMERS) or not transformers.knows(recorded):
            return False
        return not transformers.has(transformers.keyword(recorded, keyword), self.ctx.target)

    def _claimed(self, timeline: StackTimeline, keyword: str, callables: tuple[str, ...]) -> bool:
        """A keyword whose change has a rule of its own (`Trainer(tokenizer=)`: HF308) on a class that derives from
        the transformers class of that change (trl's trainers)."""
        for key in callables:
            base = timeline.outside_base(key.split(".")[0]) or ""
            if base.startswith(TRANSFORMERS):
                if owned_elsewhere(keyword, base.rsplit(".", 1)[-1], self.code):
                    return True
        return False

    def _fix(
        self, call, timeline: StackTimeline, callables, item: Given, said: str, ignored: bool
    ) -> PendingFix | None:
        if item.arg is None:
            return None  # a key of a `**dict`: left as it is
        row = keyword_replacement(timeline.package, item.name)
        if row is None:
            if said and not ignored:
                return None  # the library pointed elsewhere: a choice, not a removal
            # dropping what is ignored already changes nothing, where every release the project admits ignores it
            oldest = self.oldest(timeline.package)
            same = ignored and all(timeline.has(timeline.wrapped(key, item.name), oldest) for key in callables)
            edit = self.ctx.replace(call, rewrite_args(call, [item.arg]))
            return PendingFix(Applicability.SAFE if same else Applicability.UNSAFE, f"Remove `{item.name}=`", [edit])
        return self._replace(call, timeline, callables, item, row)

    def _replace(self, call, timeline, callables, item: Given, row: KeywordReplacement) -> PendingFix | None:
        safety = Applicability.SAFE if row.safe else Applicability.UNSAFE
        literal = self.ctx.code(item.value)
        if row.new is None or row.values.get(literal, "") is None:
            edit = self.ctx.replace(call, rewrite_args(call, [item.arg]))
            return PendingFix(safety, f"Remove `{item.name}=`", [edit])
        if not all(self.works_everywhere(timeline, timeline.keyword(key, row.new)) for key in callables):
            return None
        if any(arg.keyword is not None and arg.keyword.value == row.new for arg in call.args):
            return None
        if row.values:
            value = row.values.get(literal)
            if value is None or literal_bool(item.value) is None:
                return None
        elif row.template is not None:
            if not isinstance(item.value, cst.Name):
                return None
            value = row.template.format(literal)
        else:
            value = literal
        new_arg = item.arg.with_changes(keyword=cst.Name(row.new), value=cst.parse_expression(value))
        edit = self.ctx.replace(call, rewrite_args(call, [], replace=(item.arg, new_arg)))
        shown = f"{row.new}={value}" if value != literal else f"{row.new}="
        return PendingFix(safety, f"Use `{shown}`", [edit])
