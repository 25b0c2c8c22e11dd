"""The Hugging Face hub as code reaches it: what pins a revision, and which functions download."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Methods whose first argument is a local folder a model is written to (a later load of it reads no hub).
SAVES = frozenset({"save_pretrained", "save_model"})
# A revision that names a commit (7 to 40 hex digits); a branch or a tag is no pin.
COMMIT = re.compile(r"^[0-9a-f]{7,40}$")


@dataclass(frozen=True)
class Download:
    """A function outside transformers that downloads a hub repository, and where it takes the repository."""

    function: str  # qualified name
    index: int  # position of the repository argument
    keyword: str  # its keyword


DOWNLOADS = {
    row.function: row
    for row in (
        Download("datasets.load_dataset", 0, "path"),
        Download("huggingface_hub.hf_hub_download", 0, "repo_id"),
        Download("huggingface_hub.snapshot_download", 0, "repo_id"),
    )
}
