"""Every rule, in code order. HF1xx live in ``model_task``, HF2xx in ``device``, HF4xx in ``hub``, HF5xx in ``metrics``; HF3xx in ``migration`` (arguments) and
``removed_apis`` (classes, functions, methods)."""

from lint_rules.rules.device import DeviceWithDeviceMap, HalfPrecisionOnCpu, MoveAfterDeviceMap, UnguardedCuda
from lint_rules.rules.hub import GenerationKwargsInModelKwargs, PipelineWithoutModel, TrustRemoteCodeUnpinned, UnpinnedRevision
from lint_rules.rules.metrics import MetricTaskMismatch
from lint_rules.rules.migration import (
    BitsAndBytesLoadKwargs,
    IgnoredLoadArgument,
    RenamedTrainingArgument,
    TorchDtypeArgument,
    TrainerTokenizerArgument,
    UseAuthToken,
)
from lint_rules.rules.removed_apis import (
    AutoModelWithLmHead,
    DatasetsLoadMetric,
    FeatureExtractorForVision,
    TensorflowOrFlaxApi,
    RemovedTokenizerApi,
    TransformersAdamW,
    Vision2SeqAutoClass,
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
            HalfPrecisionOnCpu,
            DeviceWithDeviceMap,
            MoveAfterDeviceMap,
            UnguardedCuda,
            UseAuthToken,
            TorchDtypeArgument,
            BitsAndBytesLoadKwargs,
            TrainerTokenizerArgument,
            RenamedTrainingArgument,
            IgnoredLoadArgument,
            AutoModelWithLmHead,
            Vision2SeqAutoClass,
            TransformersAdamW,
            DatasetsLoadMetric,
            RemovedTokenizerApi,
            FeatureExtractorForVision,
            TensorflowOrFlaxApi,
            TrustRemoteCodeUnpinned,
            PipelineWithoutModel,
            GenerationKwargsInModelKwargs,
            UnpinnedRevision,
            MetricTaskMismatch,
        ),
        key=lambda rule: rule.code,
    )
)
