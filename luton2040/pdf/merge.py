"""Merge the parts' PDFs into the book's one tagged PDF (pikepdf) and stamp its page numbers.

Each part is a complete PDF/UA document from the same print head (parts.py). The merge keeps one
structure tree: a ``Document`` element (part 0's) whose kids are every part's kids in part order,
with the ParentTree keys of each part moved past those of the parts before it (and the pages'
``/StructParents`` and annotations' ``/StructParent`` with them). Links between parts were printed
as URIs under ``link_prefix``; here they become named destinations like WeasyPrint's own internal
links. Named destinations and outlines are joined; the catalogue entries (``/Lang``, ``/MarkInfo``,
``/ViewerPreferences``, XMP ``/Metadata``) and the document information are part 0's.

Page numbers are stamped from the folio document (a few numbered pages, ``parts.PrintBook.folio``):
each page's number is the folio's drawing of a number as long with this number's glyphs, its marked
content rewritten as ``/Artifact`` so it joins no structure.
"""
from __future__ import annotations

import warnings
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Operator, Pdf, String

from luton2040.pdf.parts import EVERY_FIGURE

CATALOGUE_KEYS = ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata")


@dataclass
class _Given:
    """What one part gave the merge, its ParentTree keys still its own (from 0)."""

    pages: int  # how many
    document: Dictionary  # its Document element (copied)
    kids: list
    nums: list  # its ParentTree: key, value, key, value …
    next_key: int
    names: list  # its named destinations: name, destination, …
    outline: Dictionary | None  # its outline root (copied), when it has items
    role_map: dict


class Merge:
    """The book's PDF put together part by part: the book's page parts first (``add``, while the
    front and folio are still printing), then the front (``finish``), which goes before them in
    every respect, as when it was appended first: its pages, structure kids, ParentTree keys,
    outline items, named destinations (the front's win a clash) and role map come first, and the
    catalogue entries and document information are its own: the document is, object for object,
    the one appending the parts in order made (its bytes differ: qpdf numbers the objects in the
    order they were copied). A link to ``link_prefix + rest`` goes to the named destination
    ``resolve(rest)`` (by default `rest` without its ``#``)."""

    def __init__(self, link_prefix: str, resolve=None) -> None:
        self.link_prefix = link_prefix
        self.resolve = resolve or (lambda rest: rest.lstrip("#"))
        self.out = Pdf.new()
        self.given: list[_Given] = []

    def __enter__(self) -> Merge:
        return self

    def __exit__(self, *exc) -> None:
        self.out.close()

    def add(self, parts: list[Path]) -> None:
        """Append the parts `parts` (the book's pages, in order) after those added before."""
        for path in parts:
            # Each part is closed once appended: qpdf keeps what it needs to copy the streams' data
            # when saving, and the part's own objects are let go (at ten times the measures the
            # merge held about 100 MB less; the bytes written are the same).
            with Pdf.open(path) as source:
                self.given.append(_take(self.out, source, len(self.out.pages), self.link_prefix, self.resolve))

    def finish(self, front: Path, folio: Path, target: Path) -> None:
        """Put the part `front` before the parts added, number the pages from the PDF `folio`
        (``stamp_numbers``) and write `target`."""
        out = self.out
        with ExitStack() as stack:
            first = stack.enter_context(Pdf.open(front))
            given = [_take(out, first, 0, self.link_prefix, self.resolve), *self.given]
            merged_nums, offset, page = [], 0, 0
            for part in given:
                if offset:
                    for index in range(page, page + part.pages):
                        _renumber_keys(out.pages[index], offset)
                keys = [int(key) for key in part.nums[::2]]
                for key, value in zip(keys, part.nums[1::2]):
                    merged_nums += [key + offset, value]
                offset += max(part.next_key, max(keys, default=-1) + 1)
                page += part.pages
            _finish(out, first, given, merged_nums, offset)
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


def _take(out: Pdf, source: Pdf, at: int, link_prefix: str, resolve) -> _Given:
    """Copy one part's pages into `out` at page index `at` (first, so that later copies from it point
    at the copied pages), then its structure, ParentTree, destinations and outline; its links to
    other parts become named destinations. Its ParentTree keys are moved later (``_renumber_keys``)."""
    count = len(source.pages)
    with warnings.catch_warnings():  # named destinations are merged below, not by pikepdf
        warnings.simplefilter("ignore", pikepdf.PageCopyWarning if hasattr(pikepdf, "PageCopyWarning") else UserWarning)
        if at == len(out.pages):
            out.pages.extend(source.pages)
        else:
            for index, page in enumerate(source.pages):
                out.pages.insert(at + index, page)
    tree = source.Root.StructTreeRoot
    document = _as_list(tree.K)[0]
    names = source.Root.get("/Names", Dictionary()).get("/Dests")
    holder = source.make_indirect(Array([document, Array(_number_tree(tree.ParentTree)),
                                         Array(_name_tree(names)), source.Root.get("/Outlines", Dictionary()),
                                         tree.get("/RoleMap", Dictionary())]))
    copied_document, nums, dests, outline, role_map = out.copy_foreign(holder)
    for index in range(at, at + count):
        _point_links(out.pages[index], link_prefix, resolve)
    return _Given(count, copied_document, _as_list(copied_document.get("/K")), list(nums),
                  int(tree.get("/ParentTreeNextKey", 0)), list(dests),
                  outline if "/First" in outline else None, dict(role_map.items()))


def _renumber_keys(page: pikepdf.Page, offset: int) -> None:
    """Move a page's ParentTree keys (its own and its annotations') by `offset`."""
    if "/StructParents" in page.obj:
        page.obj.StructParents = int(page.obj.StructParents) + offset
    for annotation in page.obj.get("/Annots", []):
        if "/StructParent" in annotation:
            annotation.StructParent = int(annotation.StructParent) + offset


def _point_links(page: pikepdf.Page, link_prefix: str, resolve) -> None:
    """Turn a page's links to other parts into named destinations."""
    for annotation in page.obj.get("/Annots", []):
        action = annotation.get("/A")
        if action is None or action.get("/S") != Name.URI or not str(action.URI).startswith(link_prefix):
            continue
        name = String(resolve(str(action.URI)[len(link_prefix):]))
        del annotation["/A"]
        annotation.Dest = name  # as WeasyPrint writes a link inside one document
        annotation.Contents = name


def _finish(out: Pdf, first: Pdf, given: list[_Given], nums: list, next_key: int) -> None:
    """The merged catalogue: one structure tree (part 0's Document element holding every part's
    kids), destinations, outline, and part 0's metadata."""
    root = out.Root
    for key in CATALOGUE_KEYS:
        if key in first.Root:
            root[key] = _copy(out, first, first.Root[key])
    if "/Info" in first.trailer:
        out.trailer.Info = _copy(out, first, first.trailer.Info)
    document = given[0].document
    tree = out.make_indirect(Dictionary(
        Type=Name.StructTreeRoot, K=Array([document]),
        ParentTree=out.make_indirect(Dictionary(Nums=Array(nums))),
        ParentTreeNextKey=next_key))
    role_map = {key: value for part in given for key, value in part.role_map.items()}
    if role_map:
        tree.RoleMap = Dictionary(role_map)
    kids = [kid for part in given for kid in part.kids]
    document.K = Array(kids)
    document.P = tree
    for kid in kids:
        if isinstance(kid, Dictionary):
            kid.P = document
    root.StructTreeRoot = tree
    names: dict[bytes, tuple] = {}
    for part in given:
        for name, destination in zip(part.names[::2], part.names[1::2]):
            names.setdefault(bytes(name), (name, destination))
    root.Names = Dictionary(Dests=out.make_indirect(Dictionary(Names=Array(
        [value for _, pair in sorted(names.items()) for value in pair]))))
    outlines = [part.outline for part in given if part.outline is not None]
    if outlines:
        root.Outlines = _join_outlines(out, outlines)


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
    """Overlay each page of `out` but the first (the cover has no number) with its number, its text
    an artifact. The number is the folio's (``parts.PrintBook.folio``): for a page of `out` of a
    given size, the folio's page of that size showing a number as long, its glyphs replaced by
    those of this number's figures (taken from the folio's page of that size showing 1234567890)."""
    samples: dict[tuple, tuple[dict[str, bytes], list]] = {}
    per_shape = len(folio.pages) // 2
    for first in (0, per_shape):
        pages = folio.pages[first:first + per_shape]
        glyphs = _number_glyphs(pikepdf.parse_content_stream(pages[0]))
        if len(glyphs) != len(EVERY_FIGURE):
            raise ValueError(f"the folio's page {first + 1} shows {len(glyphs)} glyphs for {EVERY_FIGURE}")
        samples[_size(pages[0])] = (dict(zip(EVERY_FIGURE, glyphs)), pages[1:])
    for number, page in enumerate(out.pages[1:], 2):
        if _size(page) not in samples:
            raise ValueError(f"page {number} is {_size(page)}, a size the folio has no sample of")
        figures, pages = samples[_size(page)]
        if len(str(number)) > len(pages):
            raise ValueError(f"the folio numbers pages up to {len(pages)} figures long, not page {number}")
        stamp = pages[len(str(number)) - 1]
        operations = [_as_artifact(*_with_glyphs(operands, operator, [figures[f] for f in str(number)]))
                      for operands, operator in pikepdf.parse_content_stream(stamp)]
        stamp.Contents = folio.make_stream(pikepdf.unparse_content_stream(operations))
        _overlay(page, out.copy_foreign(stamp.as_form_xobject()))


def _size(page: pikepdf.Page) -> tuple[float, ...]:
    return tuple(round(float(value), 3) for value in page.mediabox)


def _number_glyphs(operations) -> list[bytes]:
    """The glyphs (two bytes each: WeasyPrint's fonts are Identity-H) of a folio page's number, in
    order; ValueError when they are not shown one after the other (kerned, or in several runs)."""
    shown = [operands for operands, operator in operations if operator in (Operator("TJ"), Operator("Tj"))]
    if len(shown) != 1:
        raise ValueError(f"a folio page shows {len(shown)} runs of text, not one number")
    items = list(shown[0][0]) if isinstance(shown[0][0], Array) else [shown[0][0]]
    if any(not isinstance(item, String) and item != 0 for item in items):
        raise ValueError("a folio page's number is kerned: its figures are not tabular")
    codes = b"".join(bytes(item) for item in items if isinstance(item, String))
    return [codes[n:n + 2] for n in range(0, len(codes), 2)]


def _with_glyphs(operands, operator, glyphs: list[bytes]):
    """The folio's number drawn with `glyphs` (as many as it had) instead of its own."""
    if operator in (Operator("TJ"), Operator("Tj")):
        if len(_number_glyphs([(operands, operator)])) != len(glyphs):
            raise ValueError("a folio page shows a number of another length")
        return [Array([value for glyph in glyphs for value in (String(glyph), 0)])], Operator("TJ")
    return operands, operator


def _overlay(page: pikepdf.Page, form: pikepdf.Stream) -> None:
    """Draw `form` over `page` (``Page.add_overlay``, but under a fixed resource name: pikepdf would
    pick a random one, and two builds would differ). The page's contents become an array of three
    streams, its own between the two added: joining them into one (``contents_coalesce``) made
    the save decompress and compress every page's drawing again (at 10x, 0.2 s of a 0.6 s save)."""
    used = page.obj.get("/Resources", Dictionary()).get("/XObject", Dictionary())
    name = Name.Folio
    while name in used:
        name = Name(str(name) + "x")
    page.add_resource(form, Name.XObject, name)
    placement = page.calc_form_xobject_placement(form, name, pikepdf.Rectangle(page.trimbox))
    page.contents_add(b"q\n", prepend=True)
    page.contents_add(b"Q\n" + placement)


def _as_artifact(operands, operator):
    """``/Tag <</MCID n>> BDC`` (structure content WeasyPrint gives margin boxes) → ``/Artifact BMC``."""
    if operator == Operator("BDC") and isinstance(operands[-1], Dictionary) and "/MCID" in operands[-1]:
        return [Name.Artifact], Operator("BMC")
    return operands, operator
