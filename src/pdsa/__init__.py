"""pdsa: track Plan-Do-Study-Act cycles as plain files in a git repository."""

__version__ = "0.1.0"
