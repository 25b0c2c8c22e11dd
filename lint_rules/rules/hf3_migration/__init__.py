"""HF3xx: APIs that transformers (and datasets) deprecated, renamed or removed."""
