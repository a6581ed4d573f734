"""Rewrite runs of text inside an element tree: the one walk over texts and tails that the print's
text fixes share (long words in table cells, subscript digits)."""
from __future__ import annotations

from typing import Callable, Iterable
from xml.etree.ElementTree import Element

#: text → (the text to keep in place, the elements to insert after it, each carrying its own tail);
#: no elements means "leave this text alone".
Splitter = Callable[[str], tuple[str, list[Element]]]


def splice(elements: Iterable[Element], split: Splitter) -> None:
    """Apply ``split`` to the text and to each child's tail of every element in ``elements``,
    inserting the elements it makes right where the text they came from was."""
    for element in list(elements):
        head, made = split(element.text or "")
        if made:
            element.text = head
            for index, new in enumerate(made):
                element.insert(index, new)
        for child in list(element):
            head, made = split(child.tail or "")
            if made:
                child.tail = head
                position = list(element).index(child) + 1
                for offset, new in enumerate(made):
                    element.insert(position + offset, new)
