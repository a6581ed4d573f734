"""Turn a parsed document plus its executed outputs into one pandoc-markdown text (and figure files)."""
from __future__ import annotations

import base64
import posixpath
import re

from . import crossref
from .execute import Executed, options
from .source import Cell, Document, Prose, INLINE_CLOSE, INLINE_OPEN

_PLACEHOLDER = re.compile(f"{INLINE_OPEN}(\\d+){INLINE_CLOSE}")
_IMAGES = {"image/svg+xml": "svg", "image/png": "png", "image/jpeg": "jpg"}


def _fence(text: str, attrs: str) -> str:
    longest = max((len(m) for m in re.findall(r"`{3,}", text)), default=2)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{attrs}\n{text.rstrip(chr(10))}\n{ticks}"


def _attr(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _Page:
    def __init__(self, doc: Document, executed: Executed, targets: dict, config_execute: dict) -> None:
        self.doc, self.executed, self.targets, self.config_execute = doc, executed, targets, config_execute
        self.stem = posixpath.splitext(posixpath.basename(doc.path))[0]
        self.figure_dir = f"{self.stem}_files/figure-html"
        self.files: dict[str, bytes] = {}

    def prose(self, block: Prose) -> str:
        # Cross-references and figure captions are done on the document tree by
        # filters/crossref.lua (so code stays literal); the numbers travel in crossref_metadata().
        return _PLACEHOLDER.sub(lambda m: self.executed.inline[int(m.group(1))], block.text)

    def cell(self, cell: Cell) -> str:
        opts = options(cell, self.doc, self.config_execute)
        parts = []
        if opts["echo"] and opts["include"]:
            code = "\n".join(l for l in cell.code.splitlines() if not l.startswith("#|")).strip("\n")
            parts.append(_fence(code, " {.python .cell-code}"))
        if not opts["include"] or opts["output"] is False or not opts["eval"]:
            return "\n\n".join(parts)
        outputs, images = [], 0
        for output in self.executed.outputs.get(str(cell.number), []):
            if output["type"] == "stream":
                if output["name"] == "stderr" and not opts["warning"]:
                    continue
                if opts["output"] == "asis" and output["name"] == "stdout":
                    outputs.append(output["text"])
                else:
                    outputs.append(_fence(output["text"], f" {{.cell-output .cell-output-{output['name']}}}"))
                continue
            piece = self.display(cell, opts, output["data"], images)
            if piece is not None:
                images += piece.startswith("![")
                outputs.append(piece)
        body = "\n\n".join(o.strip("\n") for o in outputs if o.strip())
        parts.append(self.table(cell, body) if cell.label.startswith("tbl-") or "tbl-cap" in cell.options
                     else body)
        return "\n\n".join(p for p in parts if p)

    def display(self, cell: Cell, opts: dict, data: dict, images: int) -> str | None:
        if "text/markdown" in data:
            return data["text/markdown"]
        for mime, ext in _IMAGES.items():
            if mime in data:
                name = f"{cell.label or f'cell-{cell.number}'}-output-{images + 1}.{ext}"
                path = f"{self.figure_dir}/{name}"
                raw = data[mime]
                self.files[path] = raw.encode() if mime == "image/svg+xml" else base64.b64decode(raw)
                return self.image(cell, path, images)
        if "text/html" in data:
            return _fence(data["text/html"], "{=html}")
        if "text/plain" in data:
            return _fence(data["text/plain"], " {.cell-output .cell-output-display}")
        return None

    def image(self, cell: Cell, path: str, images: int) -> str:
        caption = str(cell.options.get("fig-cap") or "")
        alt = str(cell.options.get("fig-alt") or "")
        attrs = []
        if cell.label.startswith("fig-") and images == 0:
            attrs.append(f"#{cell.label}")
            caption = f"{self.targets[cell.label].name}: {caption}" if caption else self.targets[cell.label].name
        if alt:
            attrs.append(f"fig-alt={_attr(alt)}")
        suffix = "{" + " ".join(attrs) + "}" if attrs else ""
        # A figure alone in its paragraph becomes <figure> with <figcaption>; as in Quarto, its <img>
        # has an alt only from fig-alt (filters/figures.lua).
        return f"![{caption}]({path}){suffix}"

    def table(self, cell: Cell, body: str) -> str:
        caption = str(cell.options.get("tbl-cap") or "")
        label = cell.label if cell.label.startswith("tbl-") else ""
        if label:
            name = self.targets[label].name
            caption = f"{name}: {caption}" if caption else name
        # A wide table scrolls sideways inside its box; the box takes the keyboard focus so it can be
        # scrolled without a mouse, and is announced by its caption (WCAG 2.1.1, axe
        # scrollable-region-focusable).
        name = re.sub(r"[*_`\[\]\\]", "", caption).replace('"', "'").strip() or "Table"
        region = f'tabindex="0" role="region" aria-label="{name}"'
        div = f"::: {{#{label} .table-float {region}}}" if label else f"::: {{.table-float {region}}}"
        if re.search(r"^\s*\|.*\|\s*$", body, re.M) and body.count("\n|") >= 1:
            return f"{div}\n{body}\n\n: {caption}\n:::"
        return f"{div}\n::: {{.table-caption}}\n{caption}\n:::\n\n{body}\n:::"


def crossref_metadata(doc: Document, targets: dict) -> str:
    """A YAML metadata block giving filters/crossref.lua the number and link of every figure and
    table this page shows or refers to (pandoc merges it with the page's front matter)."""
    import json

    labels = [label.name for label in doc.labels] + [name for name, _ in doc.refs]
    refs = {}
    for label in dict.fromkeys(labels):
        target = targets.get(label)
        if target is not None:
            refs[label] = {"name": target.name, "number": str(target.number),
                           "href": crossref.href(target, doc.path)}
    if not refs:
        return ""
    # JSON is YAML; every value is a plain string pandoc reads as text
    return "\n\n---\nluton2040-crossref: " + json.dumps(refs, ensure_ascii=False) + "\n---\n"


def assemble(doc: Document, executed: Executed, targets: dict, config_execute: dict) -> tuple[str, dict[str, bytes]]:
    """The page's markdown (without front matter) and its figure files (paths relative to the page)."""
    page = _Page(doc, executed, targets, config_execute)
    parts = [page.prose(b) if isinstance(b, Prose) else page.cell(b) for b in doc.blocks]
    text = "\n\n".join(p for p in parts if p.strip()) + "\n"
    return text + crossref_metadata(doc, targets), page.files
