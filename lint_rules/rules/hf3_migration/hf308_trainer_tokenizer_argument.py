"""HF308: `Trainer(tokenizer=...)`, renamed `processing_class=` in 4.46 and removed in 5.0."""

from __future__ import annotations

from lint_rules.rule import Invalid, Valid
from lint_rules.rules.hf3_migration.common import RenamedKeywordRule


class TrainerTokenizerArgument(RenamedKeywordRule):
    code = "HF308"
    name = "trainer-tokenizer-argument"
    summary = "`Trainer(tokenizer=...)` was renamed `processing_class=`"
    messages = {
        "removed": (
            "`tokenizer=` was removed from `Trainer` in transformers {version} ({effect}); use `processing_class=`"
        ),
        "deprecated": "`tokenizer=` is deprecated on `Trainer` since transformers {version}; use `processing_class=`",
        "both": "`{old}` and `{new}` are both given; remove `{old}`",
        "wrapper": "`{old}=` is not a parameter of `{callee}` in {library} (TypeError); use `{new}=`",
    }
    what_it_does = """
Checks for `tokenizer=` passed to `Trainer` or `Seq2SeqTrainer`, to a subclass the file defines without
an `__init__` of its own, and to trl's trainers (`SFTTrainer`, `DPOTrainer`, ...).
"""
    why_bad = """
transformers 4.46 renamed the argument to `processing_class=`, since it may hold a tokenizer, an image
processor, a feature extractor or a processor. 4.x warned; 5.0 removed the old name, and
`Trainer(tokenizer=...)` raises `TypeError: ... unexpected keyword argument 'tokenizer'`.
trl's trainers have signatures of their own, read from the trl release this tool knows (1.16.0): none
takes `tokenizer=` any more, and the message names the trl release rather than transformers'.
"""
    fix_safety = "Renaming is safe from 4.46 on: the trainer stores the value the same way."
    invalid = (
        Invalid(
            """
            from transformers import Trainer

            trainer = Trainer(model=model, args=args, train_dataset=ds, tokenizer=tokenizer)
            """,
            fixed="""
            from transformers import Trainer

            trainer = Trainer(model=model, args=args, train_dataset=ds, processing_class=tokenizer)
            """,
        ),
        Invalid(
            """
            from transformers import Trainer

            class CustomTrainer(Trainer):
                def get_train_dataloader(self):
                    return train_dataloader

            trainer = CustomTrainer(model=model, args=training_args, tokenizer=tokenizer)
            """,
            fixed="""
            from transformers import Trainer

            class CustomTrainer(Trainer):
                def get_train_dataloader(self):
                    return train_dataloader

            trainer = CustomTrainer(model=model, args=training_args, processing_class=tokenizer)
            """,
        ),
        Invalid(
            """
            from trl import DPOTrainer

            class MultimodalDPOTrainer(DPOTrainer):
                def __init__(self, *args, **kwargs):
                    super().__init__(*args, **kwargs)
                    self.running = None

            trainer = MultimodalDPOTrainer(model=model, ref_model=ref_model, tokenizer=tokenizer)
            """,
            fixed="""
            from trl import DPOTrainer

            class MultimodalDPOTrainer(DPOTrainer):
                def __init__(self, *args, **kwargs):
                    super().__init__(*args, **kwargs)
                    self.running = None

            trainer = MultimodalDPOTrainer(model=model, ref_model=ref_model, processing_class=tokenizer)
            """,
        ),
        Invalid(
            """
            from trl import SFTTrainer

            trainer = SFTTrainer(model=model, train_dataset=ds, tokenizer=tokenizer)
            """,
            fixed="""
            from trl import SFTTrainer

            trainer = SFTTrainer(model=model, train_dataset=ds, processing_class=tokenizer)
            """,
        ),
        Invalid(
            """
            from transformers import Trainer

            trainer = Trainer(model=model, args=args, tokenizer=tokenizer)
            """,
            fixed="""
            from transformers import Trainer

            trainer = Trainer(model=model, args=args, processing_class=tokenizer)
            """,
            target="4.50",
        ),
        Invalid(
            """
            from transformers import Trainer

            trainer = Trainer(model=model, tokenizer=tokenizer, processing_class=tokenizer)
            """,
            fixed="""
            from transformers import Trainer

            trainer = Trainer(model=model, processing_class=tokenizer)
            """,
        ),
    )
    valid = (
        Valid(
            """
            from transformers import Trainer

            Trainer(model=model, processing_class=tokenizer)
            """,
        ),
        Valid(
            """
            from trl import SFTTrainer

            SFTTrainer(model=model, processing_class=tokenizer)
            """,
        ),
        Valid(
            """
            from transformers import Trainer

            class DistilTrainer(Trainer):
                def __init__(self, teacher, *args, tokenizer=None, **kwargs):
                    super().__init__(*args, processing_class=tokenizer, **kwargs)

            DistilTrainer(teacher, model=student, tokenizer=tokenizer)
            """,
        ),
        Valid(
            """
            from trl import DPOTrainer

            class PoppingTrainer(DPOTrainer):
                def __init__(self, *args, **kwargs):
                    tokenizer = kwargs.pop("tokenizer", None)
                    super().__init__(*args, processing_class=tokenizer, **kwargs)

            PoppingTrainer(model=model, tokenizer=tokenizer)
            """,
        ),
        Valid(
            """
            from transformers import Trainer

            Trainer(model=model, tokenizer=tokenizer)
            """,
            target="4.45",
        ),
    )
