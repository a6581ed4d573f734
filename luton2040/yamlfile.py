"""The one strict YAML reader for files people edit (edition files, partner front matter).

Stricter than ``yaml.safe_load`` in three ways, each a past failure:

* aliases (``*name``) are refused: a few lines of nested aliases expand to gigabytes ("alias bomb");
* a key written twice in one mapping is refused instead of the last one silently winning;
* dates stay text (``2025-02-30`` would otherwise raise from inside the parser); callers check them
  with ``datetime.date.fromisoformat`` and report the line.

Errors are ``yaml.YAMLError`` with ``problem`` and ``problem_mark`` set, like the parser's own.
"""
from __future__ import annotations

import yaml
from yaml.constructor import ConstructorError


class _StrictLoader(yaml.SafeLoader):
    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise ConstructorError(None, None, f"aliases such as *{event.anchor} are not allowed", event.start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for key_node, _ in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
                if key is not None and key in seen:
                    raise ConstructorError(None, None, f"the key '{key}' is written twice", key_node.start_mark)
                seen.add(key)
        return super().construct_mapping(node, deep)


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load(text: str):
    """(data, root node) of one YAML document; raises ``yaml.YAMLError`` (with a mark) when refused."""
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
        return data, node
    finally:
        loader.dispose()


def fix_for(err: yaml.YAMLError, default: str) -> str:
    """What to do about ``err``: specific for the refusals above, ``default`` for syntax errors."""
    problem = str(getattr(err, "problem", "") or "")
    if problem.startswith("aliases"):
        return "write each value out in full (no & anchors or * aliases)"
    if "is written twice" in problem:
        return "keep one of the two lines"
    return default
