"""The flake8 front end: the same engine and settings, reported through flake8 (`flake8 --select HF`)."""

from __future__ import annotations

from typing import ClassVar

from lint_rules import __version__
from lint_rules.engine import lint_source
from lint_rules.settings import Resolver, SettingsError
from lint_rules.sources import SourceError


class Flake8Plugin:
    name = "automodel-lint"
    version = __version__
    target: str | None = None
    _resolver: ClassVar[Resolver] = Resolver()  # each file's nearest configuration, each read once per run

    def __init__(self, tree, filename: str, lines: list[str]) -> None:
        self.tree = tree
        self.filename = filename
        self.lines = lines

    @classmethod
    def add_options(cls, manager) -> None:
        manager.add_option(
            "--hf-target-transformers",
            metavar="X.Y",
            parse_from_config=True,
            help="automodel-lint: the transformers release the code must work with",
        )

    @classmethod
    def parse_options(cls, options) -> None:
        cls.target = getattr(options, "hf_target_transformers", None)
        cls._resolver = Resolver(target=cls.target)

    def run(self):
        try:
            settings = self._resolver.for_path(self.filename)
            codes = settings.codes_for(self.filename)
            diagnostics = lint_source(
                "".join(self.lines), codes, settings.target, self.filename, settings.floor, self.tree, settings.stack
            )
        except (SourceError, SettingsError):
            return  # flake8 reports syntax errors itself (E999); a bad config is the CLI's to report
        for d in diagnostics:
            yield d.start.row, d.start.column, f"{d.code} {d.message}", type(self)
