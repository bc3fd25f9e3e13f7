"""An article with every fact highlighted by type, its normalized value on
hover: a self-contained HTML page (no scripts fetched, no fonts loaded)."""
from __future__ import annotations

import html

from vnfacts.models import ExtractionResult

COLORS = {
    "dates": "#ffe08a", "documents": "#a6d8ff", "bodies": "#c3f0c8",
    "persons": "#f7c6e0", "counts": "#ffc58a", "ratios": "#d9c8ff",
}


def _label(kind: str, f) -> str:
    if kind == "dates":
        return f"{f.value} ({f.grain})"
    if kind == "documents":
        parts = [f.doc_type, f.number or f.congress or ""]
        if f.issuer:
            parts.append(f"issuer: {f.issuer}")
        if f.issued:
            parts.append(f"issued: {f.issued}")
        return " · ".join(p for p in parts if p)
    if kind == "bodies":
        return f.canonical
    if kind == "persons":
        return f"{f.name}" + (f" — {', '.join(f.roles)}" if f.roles else "")
    if kind == "counts":
        bits = [f"{f.value} {f.unit or ''}".strip(), f.qualifier]
    else:
        v = f"{f.percent}%" if f.percent is not None else f"{f.numerator}/{f.denominator}"
        bits = [f"{v} {f.unit or ''}".strip(), f.qualifier]
    for k in ("predicate", "subject", "period"):
        if getattr(f, k):
            bits.append(f"{k}: {getattr(f, k)}")
    return " · ".join(bits)


def render_html(res: ExtractionResult, text: str) -> str:
    """The normalized article text with <mark> per fact (nested where facts
    nest, e.g. a date inside a document reference)."""
    spans = []
    for kind in COLORS:
        for f in getattr(res, kind):
            spans.append((f.start, f.end, kind, _label(kind, f)))
    bounds = sorted({0, len(text)} | {s for s, _, _, _ in spans} | {e for _, e, _, _ in spans})
    out = []
    for a, b in zip(bounds, bounds[1:]):
        seg = html.escape(text[a:b])
        cover = sorted((sp for sp in spans if sp[0] <= a and b <= sp[1]), key=lambda sp: sp[0] - sp[1])
        for _s, _e, kind, label in reversed(cover):
            seg = (f'<mark class="f f-{kind}" data-type="{kind}" title="{html.escape(kind)}: '
                   f'{html.escape(label, quote=True)}">{seg}</mark>')
        out.append(seg)
    css = "\n".join(f".f-{k} {{ background: {c}; }}" for k, c in COLORS.items())
    legend = " ".join(f'<mark class="f f-{k}">{k} ({len(getattr(res, k))})</mark>' for k in COLORS)
    a = res.article
    meta = " · ".join(html.escape(x) for x in (a.source, a.published or "no date", a.author or "no byline") if x)
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{html.escape(a.title or a.source)}</title>
<style>
body {{ font: 16px/1.6 system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }}
.text {{ white-space: pre-wrap; }}
mark.f {{ padding: 0 .1em; border-radius: 3px; cursor: help; }}
mark.f mark.f {{ outline: 1px solid #0003; }}
{css}
</style></head>
<body>
<h1>{html.escape(a.title or a.source)}</h1>
<p class="meta">{meta}</p>
<p class="legend">{legend}</p>
<div class="text">{"".join(out)}</div>
<script>
// lets a headless browser report how many highlights actually render
document.addEventListener("DOMContentLoaded", () => {{
  const marks = [...document.querySelectorAll(".text mark.f")];
  const painted = marks.filter(m => getComputedStyle(m).backgroundColor !== "rgba(0, 0, 0, 0)");
  document.body.dataset.highlights = String(painted.length);
}});
</script>
</body></html>
"""
