"""What replaces an attribute that objects of some kind (`timeline.KINDS`) lost, where the 4.x notice or the
migration guide names it; the timeline says when each went (tests/test_timeline.py checks that the old one is
gone from the newest release and the new one is there)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AttributeReplacement:
    kind: str
    old: str
    new: str
    same_meaning: bool  # the old one was an alias of the new: a safe rename


ATTRIBUTE_REPLACEMENTS = {
    (row.kind, row.old): row
    for row in (
        # 4.x: "`BatchEncoding.words()` property is deprecated and should be replaced with the identical, but more
        # self-explanatory `BatchEncoding.word_ids()` property."
        AttributeReplacement("encoding", "words", "word_ids", same_meaning=True),
        # MIGRATION_GUIDE_V5: the `_extended` forms are gone; the plain ones hold strings, not `AddedToken`s
        AttributeReplacement("tokenizer", "special_tokens_map_extended", "special_tokens_map", same_meaning=False),
        AttributeReplacement("tokenizer", "all_special_tokens_extended", "all_special_tokens", same_meaning=False),
    )
}

# A key of a tokenizer's `special_tokens_map` that went -> the attribute that holds those tokens now. 5.x reads
# "additional_special_tokens" from a tokenizer's files into `extra_special_tokens` (tokenization_utils_base.py:
# "V5: Convert deprecated additional_special_tokens to extra_special_tokens").
SPECIAL_TOKEN_REPLACEMENTS = {"additional_special_tokens": "extra_special_tokens"}
