"""Library errors. The CLI turns these into one-line messages and exit codes."""
from __future__ import annotations


class VnfactsError(Exception):
    """Base class for every error the library raises on purpose."""


class InputError(VnfactsError):
    """An input that cannot be read as an article: names the source and why."""

    def __init__(self, source: str, reason: str, line: int | None = None):
        self.source, self.reason, self.line = source, reason, line
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {reason}")


class RuleDataError(VnfactsError):
    """Invalid rule data: names the file (and rule id) and what is wrong."""

    def __init__(self, where: str, reason: str):
        self.where, self.reason = where, reason
        super().__init__(f"{where}: {reason}")


class GoldError(VnfactsError):
    """A gold annotation file that does not follow GOLD.md."""
