"""The figures of a tagged PDF, read from its structure tree (shared by the tests on printed pictures)."""
from __future__ import annotations


def figures(reader) -> list[tuple[int, str, list[float]]]:
    """(page number, alt text, box) of every figure in the tagged PDF read by pypdf's ``reader``, in
    the structure tree's order; the box is empty when the figure has none."""
    pages = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages, 1)}
    found = []

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if not isinstance(node, dict):
            return
        if node.get("/S") == "/Figure":
            attributes = node.get("/A")
            attributes = attributes.get_object() if hasattr(attributes, "get_object") else attributes
            box = [float(v) for v in attributes["/BBox"]] if isinstance(attributes, dict) and "/BBox" in attributes else []
            page = node.raw_get("/Pg").idnum if "/Pg" in node else None
            found.append((pages.get(page, 0), str(node.get("/Alt", "")), box))
        kids = node.get("/K")
        kids = kids.get_object() if hasattr(kids, "get_object") else kids
        for kid in kids if isinstance(kids, list) else [kids]:
            walk(kid)
    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found
