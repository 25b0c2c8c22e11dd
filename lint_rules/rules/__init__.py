"""Every rule, in code order. A rule family lives in one module: HF3xx in ``migration``."""

from lint_rules.rules.migration import BitsAndBytesLoadKwargs, TorchDtypeArgument, UseAuthToken

RULES = tuple(sorted((UseAuthToken, TorchDtypeArgument, BitsAndBytesLoadKwargs), key=lambda rule: rule.code))
