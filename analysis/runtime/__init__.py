"""Runtime readiness: Python versions targeted and required, removed modules, free-threading.

Everything is read from files as text (TOML, INI, YAML, Python syntax trees); nothing from the
repository is imported, executed, built or installed.
"""
