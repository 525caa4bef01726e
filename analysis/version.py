"""The product's version, single source for the package metadata, the report and the CLI."""

__version__ = "0.1.0"
TOOL_NAME = "readiness-advisor"
