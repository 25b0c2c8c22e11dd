"""The generators of the knowledge the rules read (`lint_rules/knowledge/data/*.json`), from the libraries'
released wheels and installed releases; build-time only, not in the wheel.

- `generate`: the snapshot of an installed transformers (`transformers-X.Y.json`: model types, Auto classes,
  pipeline tasks and their defaults, checkpoints its source names).
- `generate_timeline`: transformers' API timeline (`timeline.json`: names, modules, keywords, positional counts,
  members, deprecation notices, changed defaults per release) and what classes lost between 4.57 and the newest.
- `generate_stack`: the same for huggingface_hub, datasets, peft and trl (`stack-<package>.json`).
- `generate_moves`: what the newest release moved out of the model configs against the last 4.x (`moves.json`:
  generation settings, `rope_theta`, each config class's model type).
- `generate_wrappers`: trl's and peft's classes that wrap transformers' (`wrappers.json`).
- `update`: all of the above for the newest releases, and `releases.json`.
"""

import os

import lint_rules.knowledge

DATA = os.path.join(os.path.dirname(os.path.abspath(lint_rules.knowledge.__file__)), "data")
