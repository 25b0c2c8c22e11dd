"""Every rule, in code order. A rule family lives in one module: HF1xx in ``model_task``, HF3xx in ``migration``."""

from lint_rules.rules.migration import (
    BitsAndBytesLoadKwargs,
    IgnoredLoadArgument,
    RenamedTrainingArgument,
    TorchDtypeArgument,
    TrainerTokenizerArgument,
    UseAuthToken,
)
from lint_rules.rules.model_task import (
    AutoClassCannotLoadModel,
    CausalLmForSeq2SeqTask,
    DecoderOnlyLoadOfEncoderDecoder,
    GenerateOnNonGenerativeModel,
    HeadlessModelTaskOutput,
    NonexistentAutoClass,
    PipelineTaskModelMismatch,
    UnknownPipelineTask,
    WrongPreprocessorClass,
)

RULES = tuple(
    sorted(
        (
            AutoClassCannotLoadModel,
            DecoderOnlyLoadOfEncoderDecoder,
            CausalLmForSeq2SeqTask,
            HeadlessModelTaskOutput,
            GenerateOnNonGenerativeModel,
            NonexistentAutoClass,
            UnknownPipelineTask,
            PipelineTaskModelMismatch,
            WrongPreprocessorClass,
            UseAuthToken,
            TorchDtypeArgument,
            BitsAndBytesLoadKwargs,
            TrainerTokenizerArgument,
            RenamedTrainingArgument,
            IgnoredLoadArgument,
        ),
        key=lambda rule: rule.code,
    )
)
