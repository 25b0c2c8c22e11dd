"""HF5xx: evaluation that measures the wrong thing."""
