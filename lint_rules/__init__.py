"""automodel-lint: find and fix misuse of Hugging Face transformers before it costs a GPU hour."""

__version__ = "0.1.0"
