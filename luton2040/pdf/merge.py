"""Merge the parts' PDFs into the book's one tagged PDF (pikepdf) and stamp its page numbers.

Each part is a complete PDF/UA document from the same print head (parts.py). The merge keeps one
structure tree: a ``Document`` element (part 0's) whose kids are every part's kids in part order,
with the ParentTree keys of each part moved past those of the parts before it (and the pages'
``/StructParents`` and annotations' ``/StructParent`` with them). Links between parts were printed
as URIs under ``link_prefix``; here they become named destinations like WeasyPrint's own internal
links. Named destinations and outlines are joined; the catalogue entries (``/Lang``, ``/MarkInfo``,
``/ViewerPreferences``, XMP ``/Metadata``) and the document information are part 0's.

Page numbers are stamped from the folio document (one numbered page per page of the book, see
``parts.folio_html``): its marked content is rewritten as ``/Artifact`` so it joins no structure.
"""
from __future__ import annotations

import warnings
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Operator, Pdf, String

CATALOGUE_KEYS = ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata")


@dataclass
class _Merged:
    """What the parts have given so far."""

    document: Dictionary | None = None  # part 0's Document element, the merged tree's one child
    kids: list = field(default_factory=list)
    nums: list = field(default_factory=list)  # ParentTree: key, value, key, value …
    next_key: int = 0
    names: dict[bytes, tuple] = field(default_factory=dict)  # destination name → (name, destination)
    outlines: list[Dictionary] = field(default_factory=list)  # each part's outline root (copied)
    role_map: dict = field(default_factory=dict)


def merge(parts: list[Path], folio: Path, target: Path, link_prefix: str, resolve=None) -> None:
    """Write `target`: the PDFs `parts` in order as one tagged PDF, numbered from `folio`. A link to
    ``link_prefix + rest`` goes to the named destination ``resolve(rest)`` (by default `rest`
    without its ``#``)."""
    resolve = resolve or (lambda rest: rest.lstrip("#"))
    with ExitStack() as stack:
        first = stack.enter_context(Pdf.open(parts[0]))
        out = stack.enter_context(Pdf.new())
        merged = _Merged()
        _append(out, first, merged, link_prefix, resolve)
        for path in parts[1:]:
            # Each later part is closed once appended: qpdf keeps what it needs to copy the streams'
            # data when saving, and the part's own objects are let go (at ten times the measures the
            # merge held about 100 MB less; the bytes written are the same).
            with Pdf.open(path) as source:
                _append(out, source, merged, link_prefix, resolve)
        _finish(out, first, merged)
        stamp_numbers(out, stack.enter_context(Pdf.open(folio)))
        target.parent.mkdir(parents=True, exist_ok=True)
        out.save(target, deterministic_id=True, compress_streams=True, linearize=False,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate, min_version=first.pdf_version)


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, Array) else [value]


def _number_tree(node: Dictionary) -> list:
    """A number tree's ``/Nums`` (key, value, …), its ``/Kids`` flattened in order."""
    found = list(node.get("/Nums", []))
    for kid in node.get("/Kids", []):
        found += _number_tree(kid)
    return found


def _name_tree(node: Dictionary | None) -> list:
    """A name tree's ``/Names`` (name, value, …), its ``/Kids`` flattened in order."""
    if node is None:
        return []
    found = list(node.get("/Names", []))
    for kid in node.get("/Kids", []):
        found += _name_tree(kid)
    return found


def _append(out: Pdf, source: Pdf, merged: _Merged, link_prefix: str, resolve) -> None:
    """Add one part: its pages first (so that later copies from it point at the copied pages), then
    its structure, ParentTree, destinations and outline, renumbered after the parts before it."""
    first = len(out.pages)
    with warnings.catch_warnings():  # named destinations are merged below, not by pikepdf
        warnings.simplefilter("ignore", pikepdf.PageCopyWarning if hasattr(pikepdf, "PageCopyWarning") else UserWarning)
        out.pages.extend(source.pages)
    tree = source.Root.StructTreeRoot
    document = _as_list(tree.K)[0]
    names = source.Root.get("/Names", Dictionary()).get("/Dests")
    holder = source.make_indirect(Array([document, Array(_number_tree(tree.ParentTree)),
                                         Array(_name_tree(names)), source.Root.get("/Outlines", Dictionary()),
                                         tree.get("/RoleMap", Dictionary())]))
    copied_document, nums, dests, outline, role_map = out.copy_foreign(holder)
    offset = merged.next_key
    if merged.document is None:
        merged.document = copied_document
    merged.kids += _as_list(copied_document.get("/K"))
    keys = [int(key) for key in nums[::2]]
    for key, value in zip(keys, nums[1::2]):
        merged.nums += [key + offset, value]
    merged.next_key = offset + max(int(tree.get("/ParentTreeNextKey", 0)), max(keys, default=-1) + 1)
    for name, destination in zip(dests[::2], dests[1::2]):
        merged.names.setdefault(bytes(name), (name, destination))
    if "/First" in outline:
        merged.outlines.append(outline)
    merged.role_map.update(role_map.items())
    for page in out.pages[first:]:
        _renumber_page(page, offset, link_prefix, resolve)


def _renumber_page(page: pikepdf.Page, offset: int, link_prefix: str, resolve) -> None:
    """Move a page's ParentTree keys by `offset`; turn links to other parts into named destinations."""
    if "/StructParents" in page.obj:
        page.obj.StructParents = int(page.obj.StructParents) + offset
    for annotation in page.obj.get("/Annots", []):
        if "/StructParent" in annotation:
            annotation.StructParent = int(annotation.StructParent) + offset
        action = annotation.get("/A")
        if action is None or action.get("/S") != Name.URI or not str(action.URI).startswith(link_prefix):
            continue
        name = String(resolve(str(action.URI)[len(link_prefix):]))
        del annotation["/A"]
        annotation.Dest = name  # as WeasyPrint writes a link inside one document
        annotation.Contents = name


def _finish(out: Pdf, first: Pdf, merged: _Merged) -> None:
    """The merged catalogue: one structure tree, destinations, outline, and part 0's metadata."""
    root = out.Root
    for key in CATALOGUE_KEYS:
        if key in first.Root:
            root[key] = _copy(out, first, first.Root[key])
    if "/Info" in first.trailer:
        out.trailer.Info = _copy(out, first, first.trailer.Info)
    tree = out.make_indirect(Dictionary(
        Type=Name.StructTreeRoot, K=Array([merged.document]),
        ParentTree=out.make_indirect(Dictionary(Nums=Array(merged.nums))),
        ParentTreeNextKey=merged.next_key))
    if merged.role_map:
        tree.RoleMap = Dictionary(merged.role_map)
    merged.document.K = Array(merged.kids)
    merged.document.P = tree
    for kid in merged.kids:
        if isinstance(kid, Dictionary):
            kid.P = merged.document
    root.StructTreeRoot = tree
    names = [value for _, pair in sorted(merged.names.items()) for value in pair]
    root.Names = Dictionary(Dests=out.make_indirect(Dictionary(Names=Array(names))))
    if merged.outlines:
        root.Outlines = _join_outlines(out, merged.outlines)


def _copy(out: Pdf, source: Pdf, value):
    """`value` of `source` copied into `out` (made indirect there first when it is a direct object)."""
    if isinstance(value, (Dictionary, Array)) and not value.is_indirect:
        return out.copy_foreign(source.make_indirect(value))
    return out.copy_foreign(value) if isinstance(value, (Dictionary, Array, pikepdf.Stream)) else value


def _join_outlines(out: Pdf, roots: list[Dictionary]) -> Dictionary:
    """One outline whose top-level items are every part's top-level items, in part order."""
    joined = out.make_indirect(Dictionary(Type=Name.Outlines))
    items = []
    for root in roots:
        item = root.First
        while True:
            items.append(item)
            if "/Next" not in item:
                break
            item = item.Next
    for before, item in zip([None, *items], items):
        item.Parent = joined
        if before is None:
            if "/Prev" in item:
                del item["/Prev"]
        else:
            item.Prev = before
            before.Next = item
    if "/Next" in items[-1]:
        del items[-1]["/Next"]
    joined.First, joined.Last = items[0], items[-1]
    joined.Count = sum(int(root.get("/Count", 0)) for root in roots)
    return joined


def stamp_numbers(out: Pdf, folio: Pdf) -> None:
    """Overlay each page of `out` with the folio's page of the same index, its text an artifact."""
    if len(folio.pages) != len(out.pages):
        raise ValueError(f"the folio has {len(folio.pages)} pages for a book of {len(out.pages)}")
    for page, stamp in zip(out.pages, folio.pages):
        operations = [_as_artifact(operands, operator) for operands, operator in pikepdf.parse_content_stream(stamp)]
        if not any(operator == Operator("Tj") or operator == Operator("TJ") for _, operator in operations):
            continue  # nothing printed here (the cover)
        stamp.Contents = folio.make_stream(pikepdf.unparse_content_stream(operations))
        _overlay(page, out.copy_foreign(stamp.as_form_xobject()))


def _overlay(page: pikepdf.Page, form: pikepdf.Stream) -> None:
    """Draw `form` over `page` (``Page.add_overlay``, but under a fixed resource name: pikepdf would
    pick a random one, and two builds would differ)."""
    used = page.obj.get("/Resources", Dictionary()).get("/XObject", Dictionary())
    name = Name.Folio
    while name in used:
        name = Name(str(name) + "x")
    page.add_resource(form, Name.XObject, name)
    placement = page.calc_form_xobject_placement(form, name, pikepdf.Rectangle(page.trimbox))
    page.contents_add(b"q\n", prepend=True)
    page.contents_add(b"Q\n" + placement)
    page.contents_coalesce()


def _as_artifact(operands, operator):
    """``/Tag <</MCID n>> BDC`` (structure content WeasyPrint gives margin boxes) → ``/Artifact BMC``."""
    if operator == Operator("BDC") and isinstance(operands[-1], Dictionary) and "/MCID" in operands[-1]:
        return [Name.Artifact], Operator("BMC")
    return operands, operator
