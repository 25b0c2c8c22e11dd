"""HF6xx: what transformers 5 does differently with code that still looks right: a project's model class that no
longer meets what the library expects of it, and results that change without an error."""
