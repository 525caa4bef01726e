"""AI-assisted code signals over time (issue 18 item 3): AI co-author trailers per tool, copy/paste,
moved lines and churn per quarter (GitClear's definitions), coupling of changed files, and the
commits with and without trailers compared. :func:`analysis.ai_code.measure.measure_ai_code`
is the entry point; :mod:`analysis.ai_code.definitions` the definitions shown to users."""
