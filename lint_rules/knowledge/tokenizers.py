"""Tokenizer methods that a release removed, and how to tell a tokenizer class by its name."""

from __future__ import annotations

from dataclasses import dataclass

from lint_rules.versions import Version

# `BertTokenizer`, `AutoTokenizer`, `GPT2TokenizerFast`: the classes whose instances are tokenizers.
TOKENIZER_CLASS_SUFFIXES = ("Tokenizer", "TokenizerFast", "TokenizerBase")  # `PreTrainedTokenizerBase` too


@dataclass(frozen=True)
class RemovedMethod:
    name: str
    removed_in: Version
    advice: str  # what to call instead


# Every one is in 4.57's tokenizer API and not in 5.x's (tests/test_migration_tables.py), and only
# transformers tokenizers ever had them (not `tokenizers`, `sentencepiece` or `tiktoken`): in a file that
# imports transformers, a parameter they are called on is a transformers tokenizer.
REMOVED_TOKENIZER_METHODS = {
    row.name: row
    for row in (
        RemovedMethod("encode_plus", Version(5, 0), "call the tokenizer: `tokenizer(text, ...)`"),
        RemovedMethod("batch_encode_plus", Version(5, 0), "call the tokenizer on the list: `tokenizer(texts, ...)`"),
        RemovedMethod("as_target_tokenizer", Version(5, 0), "tokenize targets with `tokenizer(text_target=...)`"),
        RemovedMethod(
            "prepare_seq2seq_batch", Version(5, 0), "call `tokenizer(src_texts, text_target=tgt_texts, ...)`"
        ),
    )
}

# Keywords of a tokenizer's call (and `encode`) that 4.51's `_get_padding_truncation_strategies` still read, with a
# FutureWarning, and that 4.52 dropped (read in the 4.51.3 and 4.52.4 wheels): from 4.52 a fast tokenizer raises
# TypeError on them; 5.x ignores `pad_to_max_length` (nothing is padded) and raises on `truncation_strategy`.
REMOVED_CALL_KEYWORDS = {"pad_to_max_length": Version(4, 52), "truncation_strategy": Version(4, 52)}
# Besides the tokenizer's own call, the method that read them then (through `_get_padding_truncation_strategies`);
# `encode_plus` and `batch_encode_plus` have HF310's fix of their own.
METHODS_READING_PADDING = frozenset({"encode"})
