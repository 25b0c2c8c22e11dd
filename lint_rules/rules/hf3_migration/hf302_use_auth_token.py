"""HF302: `use_auth_token=`, renamed `token=` in 4.31 and removed in 5.0."""

from __future__ import annotations

from lint_rules.facts.kinds import kind_of_path
from lint_rules.rule import Invalid, Valid
from lint_rules.rules.hf3_migration.common import RenamedKeywordRule


class UseAuthToken(RenamedKeywordRule):
    code = "HF302"
    name = "use-auth-token"
    summary = "`use_auth_token` is deprecated and removed in transformers 5; use `token`"
    messages = {
        "removed": "`use_auth_token` was removed in transformers {version} ({effect}); use `token`",
        "deprecated": "`use_auth_token` is deprecated since transformers {version}; use `token`",
        "both": "`{old}` and `{new}` are both given; remove `{old}`",
        "wrapper": "`{old}=` is not a parameter of `{callee}` in {library} (TypeError); use `{new}=`",
    }
    what_it_does = """
Checks for `use_auth_token=` on transformers calls: `from_pretrained`, `pipeline`, `push_to_hub`
and the rest of the hub API, in the call or in a dict it unpacks; also where transformers gets it through
another class: a subclass the file defines, peft's `AutoPeftModelFor*.from_pretrained`, and
`push_to_hub` on a peft model (`get_peft_model(...)`, `PeftModel.from_pretrained(...)`), which is
transformers' own.
"""
    why_bad = """
`token=` replaced `use_auth_token=` in transformers 4.31, which warned about the old name until 5.0
removed it. In 5.x a model's `from_pretrained`, `pipeline` and `push_to_hub` raise `TypeError: ...
unexpected keyword argument 'use_auth_token'`, while `AutoTokenizer` and `AutoConfig` silently ignore it, so
a gated or private model fails to download with an authentication error that does not point at the cause.
The message says which of these the call does.
"""
    fix_safety = """
Renaming the keyword is safe: the value means the same under `token`. When `token=` is given as
well (a `ValueError` in 4.x), the fix removes `use_auth_token=` and is unsafe, since the two values
may differ.
"""
    invalid = (
        Invalid(
            """
            from transformers import AutoModel

            model = AutoModel.from_pretrained("org/private", use_auth_token=True)
            """,
            fixed="""
            from transformers import AutoModel

            model = AutoModel.from_pretrained("org/private", token=True)
            """,
        ),
        Invalid(
            """
            import transformers as tr

            pipe = tr.pipeline("fill-mask", model="org/private", use_auth_token=TOKEN)
            """,
            fixed="""
            import transformers as tr

            pipe = tr.pipeline("fill-mask", model="org/private", token=TOKEN)
            """,
        ),
        Invalid(
            """
            from transformers import AutoModel

            model = AutoModel.from_pretrained("bert-base-uncased")
            model.push_to_hub("me/bert", use_auth_token=TOKEN)
            """,
            fixed="""
            from transformers import AutoModel

            model = AutoModel.from_pretrained("bert-base-uncased")
            model.push_to_hub("me/bert", token=TOKEN)
            """,
        ),
        Invalid(
            """
            from transformers import AutoTokenizer

            tok = AutoTokenizer.from_pretrained(
                "org/private",
                token=TOKEN,
                use_auth_token=TOKEN,
            )
            """,
            fixed="""
            from transformers import AutoTokenizer

            tok = AutoTokenizer.from_pretrained(
                "org/private",
                token=TOKEN,
            )
            """,
        ),
        Invalid(
            """
            from transformers import AutoConfig

            config = AutoConfig.from_pretrained("org/private", use_auth_token=True)
            """,
            fixed="""
            from transformers import AutoConfig

            config = AutoConfig.from_pretrained("org/private", token=True)
            """,
            target="4.40",
        ),
        Invalid(
            """
            from trl import SFTTrainer

            trainer = SFTTrainer(model="gpt2", train_dataset=ds, use_auth_token=True)
            """,
        ),
    )
    valid = (
        Valid(
            """
            from transformers import AutoModel

            AutoModel.from_pretrained("org/private", token=True)
            """,
        ),
        Valid(
            """
            from peft import PeftModel

            PeftModel.from_pretrained(base, "org/adapter", use_auth_token=True)
            """,
        ),
        Valid(
            """
            def from_pretrained(name, use_auth_token=None):
                pass

            from_pretrained("x", use_auth_token=True)
            """,
        ),
        Valid(
            """
            from transformers import AutoModel

            kwargs = {"use_auth_token": True, "revision": "main"}
            kwargs.pop("use_auth_token")
            model = AutoModel.from_pretrained("org/private", **kwargs)
            """,
        ),
        Valid(
            """
            from transformers import AutoModel

            AutoModel.from_pretrained("org/private", use_auth_token=True)
            """,
            target="4.30",
        ),
    )

    def effect(self, path: str) -> str:
        """Each call's own: what 5.x does with `use_auth_token=` there (read in 5.23 on tiny local models)."""
        owner, _, method = path.rpartition(".")
        if method == "push_to_hub":
            return "`push_to_hub` raises TypeError"
        if path == "pipeline":
            return "`pipeline` raises TypeError"
        found = kind_of_path(f"{path}()") if method in ("from_pretrained", "from_config") else None
        if found is not None and found[0] == "model":
            return f"`{method}` raises TypeError: the model's constructor gets it"
        if found is not None and found[0] in ("tokenizer", "config", "processor"):
            return f"`{method}` ignores it: the download is not authenticated"
        return self.change.effect
