"""HF2xx: where the model runs and in which precision."""
