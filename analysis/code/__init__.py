"""Code health: per-file metrics of Python sources (radon-compatible), read as text, never run."""
