"""The replacements of removed stack APIs that a fix may make: what no timeline fact states, only the words of a
deprecation. Each row names the notice it comes from; `tests/test_stack.py` checks every row against the stack
timelines (the old form is gone by the newest release, the new one is there, the notice said so).

Everything else the stack removed is reported with the library's own hint (`knowledge.stack.Notice`) and no fix,
or, for a keyword whose removal no notice explained, the keyword's removal as an unsafe fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DROP = "-"  # an argument the new call does not take


@dataclass(frozen=True)
class CallReplacement:
    """``old(...)`` becomes ``new(...)``: a callable of the same package (``HfFolder.get_token`` -> ``get_token``;
    a method stays a method of its object: ``HfApi.update_repo_visibility`` -> ``HfApi.update_repo_settings``)."""

    package: str
    old: str  # the callable as the stack timeline keys it
    new: str
    safe: bool
    # the new call's keyword for each positional argument of the old one, in order (None: stays positional,
    # `DROP`: dropped); None: every argument stays as it is
    arguments: tuple[str | None, ...] | None = None
    when: str | None = None  # the only first argument (a literal, as written) this row is for
    notice: str = ""  # the words that say so, from the library


@dataclass(frozen=True)
class KeywordReplacement:
    """A keyword the package's callables dropped, and what to pass instead (every callable of the package that
    lost it and takes the new keyword in the releases the project admits)."""

    package: str
    old: str
    new: str | None  # None: drop it
    safe: bool
    values: dict[str, str | None] = field(default_factory=dict)  # the old literal -> the new one (None: drop)
    template: str | None = None  # the new value from the old expression: "{}.storage_options"
    notice: str = ""


CALLS = (
    CallReplacement(
        "huggingface_hub", "HfFolder.get_token", "get_token", True, (),
        notice="Use `huggingface_hub.get_token` instead.",
    ),
    CallReplacement(
        "huggingface_hub", "HfFolder.save_token", "login", True, ("token",),
        notice="Use `huggingface_hub.login` instead.",
    ),
    CallReplacement(
        "huggingface_hub", "HfFolder.delete_token", "logout", False, (),
        notice="Use `huggingface_hub.logout` instead.",
    ),
    CallReplacement(
        "huggingface_hub", "update_repo_visibility", "update_repo_settings", True, (None, "private"),
        notice="Please use `update_repo_settings` instead.",
    ),
    CallReplacement(
        "huggingface_hub", "HfApi.update_repo_visibility", "HfApi.update_repo_settings", True, (None, "private"),
        notice="Please use `update_repo_settings` instead.",
    ),
    CallReplacement(
        "datasets", "set_caching_enabled", "disable_caching", True, (DROP,), when="False",
        notice="Use datasets.enable_caching() or datasets.disable_caching() instead.",
    ),
    CallReplacement(
        "datasets", "set_caching_enabled", "enable_caching", True, (DROP,), when="True",
        notice="Use datasets.enable_caching() or datasets.disable_caching() instead.",
    ),
    CallReplacement(
        "peft", "prepare_model_for_int8_training", "prepare_model_for_kbit_training", True,
        notice="prepare_model_for_int8_training is deprecated ... Use prepare_model_for_kbit_training instead.",
    ),
)  # fmt: skip

KEYWORDS = (
    KeywordReplacement(
        "datasets", "use_auth_token", "token", True,
        notice="'use_auth_token' was deprecated in favor of 'token' in version 2.14.0 and will be removed in 3.0.0.",
    ),
    KeywordReplacement(
        "datasets", "ignore_verifications", "verification_mode", True, {"True": '"no_checks"', "False": None},
        notice="'ignore_verifications' was deprecated in favor of 'verification_mode' in version 2.9.1 ...",
    ),
    KeywordReplacement(
        "datasets", "fs", "storage_options", True, template="{}.storage_options",
        notice="You can remove this warning by passing 'storage_options=fs.storage_options' instead.",
    ),
    KeywordReplacement(
        "huggingface_hub", "resume_download", None, True,
        notice="`resume_download` is deprecated and will be removed in version 1.0.0. Downloads always resume when "
        "possible.",
    ),
    KeywordReplacement(
        "huggingface_hub", "local_dir_use_symlinks", None, True,
        notice="`local_dir_use_symlinks` parameter is deprecated and will be ignored.",
    ),
    KeywordReplacement(
        "huggingface_hub", "write_permission", None, True,
        notice="Fine-grained tokens added complexity to the permissions, making it irrelevant to check if a token "
        "has 'write' access.",
    ),
    KeywordReplacement(
        "huggingface_hub", "use_auth_token", "token", True,
        notice="`use_auth_token` was renamed `token` (huggingface_hub 0.14) and removed in 1.0.",
    ),
    KeywordReplacement(
        "trl", "max_seq_length", "max_length", True,
        notice="`max_seq_length` is deprecated and will be removed in version 0.20.0. Use `max_length` instead.",
    ),
)  # fmt: skip


# What to use instead of a removed name whose notice says it too vaguely to act on: (package, name) -> the pointer.
POINTERS = {
    ("huggingface_hub", "Repository"): (
        "push with `HfApi().upload_folder(...)` (or `upload_file`, `create_commit`) and download with "
        "`snapshot_download(...)`: huggingface_hub says: Please prefer the http-based alternatives instead."
    ),
    ("huggingface_hub", "HfFolder"): (
        "use `get_token()`, `login(token=...)` and `logout()` (the fix makes them where every use is one of those)"
    ),
}


def call_replacements(package: str, old: str) -> tuple[CallReplacement, ...]:
    return tuple(row for row in CALLS if row.package == package and row.old == old)


def keyword_replacement(package: str, old: str) -> KeywordReplacement | None:
    return next((row for row in KEYWORDS if row.package == package and row.old == old), None)
