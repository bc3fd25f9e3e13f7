"""vnfacts: facts (dates, documents, bodies, persons, counts, ratios) from
Vietnamese party news, queryable with SQL.

The public Python API (see the README, "Python API"):

>>> import vnfacts
>>> result = vnfacts.extract("Năm 2016, Đảng ủy xã Tân Hòa kết nạp 12 đảng viên.")
>>> [(c.value, c.unit) for c in result.counts]
[(12, 'đảng viên')]
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from vnfacts.errors import InputError, RuleDataError, VnfactsError

if TYPE_CHECKING:
    from vnfacts.models import ExtractionResult
    from vnfacts.pipeline import extract

__all__ = ["ExtractionResult", "InputError", "RuleDataError", "VnfactsError", "extract"]


def __getattr__(name: str):
    """`extract` and `ExtractionResult` are imported on first use, so that
    `import vnfacts` (and `vnfacts --help`) does not load the pipeline."""
    if name == "extract":
        from vnfacts.pipeline import extract
        return extract
    if name == "ExtractionResult":
        from vnfacts.models import ExtractionResult
        return ExtractionResult
    raise AttributeError(f"module 'vnfacts' has no attribute {name!r}")
