"""HF4xx: what is downloaded from the hub, and whose code runs."""
