"""The JSON Schema of what `vnfacts extract` prints, per output format.

`--format json` prints one JSON array of ExtractionResult objects, `--format
jsonl` one ExtractionResult object per line: `output_schema("json")`
describes the array, `output_schema("jsonl")` one line. Every field carries
its SPEC description (vnfacts.models), closed sets are enums, and the schema
holds an example (validated against the models by the tests).
"""
from __future__ import annotations

from typing import Any

from vnfacts.models import ExtractionResult

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_BASE = "https://github.com/vnfacts/vnfacts/schema"

_TEXT = "Năm 2016, Đảng ủy xã Tân Hòa kết nạp 12 đảng viên."
EXAMPLE: dict[str, Any] = {  # what `vnfacts extract --with-text bai-viet.txt` prints for _TEXT
    "source": "bai-viet.txt",
    "article": {
        "id": "cf6fd5ed47856905", "source": "bai-viet.txt", "url": None, "title": _TEXT, "published": None,
        "author": None, "body_text": "", "text": _TEXT,
    },
    "dates": [{"text": "Năm 2016", "start": 0, "end": 8, "value": "2016", "grain": "year"}],
    "documents": [],
    "bodies": [{"text": "Đảng ủy xã Tân Hòa", "start": 10, "end": 28, "canonical": "Đảng ủy xã Tân Hòa"}],
    "persons": [],
    "counts": [{"text": "12 đảng viên", "start": 37, "end": 49, "value": 12, "unit": "đảng viên",
                "qualifier": "exact", "predicate": "kết nạp", "subject": "Đảng ủy xã Tân Hòa", "period": "2016"}],
    "ratios": [],
}


def output_schema(fmt: str = "json") -> dict[str, Any]:
    """The JSON Schema of `vnfacts extract --format FMT` output (json or jsonl)."""
    one = ExtractionResult.model_json_schema(ref_template="#/$defs/{model}")
    defs = one.pop("$defs", {})
    if fmt == "jsonl":
        return {"$schema": SCHEMA_DIALECT, "$id": f"{SCHEMA_BASE}/extract-jsonl.schema.json",
                **one,
                "description": "One line of `vnfacts extract --format jsonl`: one article's facts "
                               "(each line of the output is one such object). " + one.get("description", ""),
                "$defs": defs, "examples": [EXAMPLE]}
    if fmt != "json":
        raise ValueError(f"unknown output format {fmt!r} (json or jsonl)")
    defs = {**defs, "ExtractionResult": one}
    return {"$schema": SCHEMA_DIALECT, "$id": f"{SCHEMA_BASE}/extract-json.schema.json",
            "title": "vnfacts extract output",
            "description": "What `vnfacts extract --format json` prints: a JSON array with one object per "
                           "article read (a JSONL input gives one per line), in input order.",
            "type": "array", "items": {"$ref": "#/$defs/ExtractionResult"},
            "$defs": defs, "examples": [[EXAMPLE]]}
