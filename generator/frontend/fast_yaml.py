"""A fast reader for large YAML files: libyaml (PyYAML's C parser) for the node tree and its marks,
YAML 1.2's core schema (yaml_core.py, as load.py's reader) for what each plain scalar means.

ruamel's round-trip reader is pure Python: Stripe's and GitHub's API documents (6 and 9 MB of
YAML) take it a minute or more, before anything else runs. libyaml composes the same tree in
seconds. The result must be exactly what load.py's ruamel reading gives (the same values, YAML 1.2:
`on` stays a string, `0755` is 755, timestamps stay text; the same positions), so anything this
reader does not decide alone (an explicit tag, an alias, a merge key, a repeated key, a key that is
not a string, infinity) returns None and the file is read by ruamel, whose messages say what is wrong.
tests/test_fast_yaml.py holds the two readers to the same result on every YAML file of the tests.
"""

from __future__ import annotations

from typing import Any

from schemagen.frontend.yaml_core import FLOAT, core_tag, core_value

Position = tuple[int, int]

_MAY_RESOLVE = frozenset("0123456789+-.~nNtTfF=<")  # first characters of YAML 1.2 core values that are not strings
_STANDARD = ("tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


class _Unsure(Exception):
    """This reader cannot tell what ruamel would make of the text."""


def read(text: str) -> tuple[Any, dict[str, Position], bool] | None:
    """(content, positions, whether integer keys were read as text) or None (read it with ruamel)."""
    try:
        import importlib

        yaml: Any = importlib.import_module("yaml")  # PyYAML ships no type stubs
    except ImportError:  # pragma: no cover - both are pinned; ruamel reads the file
        return None
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None or "%YAML" in text or "%TAG" in text:  # directives: the slow reader decides
        return None
    try:
        nodes = list(yaml.compose_all(text, Loader=loader))
    except Exception:  # a syntax error: ruamel's message and position
        return None
    if len(nodes) != 1 or nodes[0] is None:
        return None
    positions: dict[str, Position] = {"": (1, 1)}
    seen: set[int] = set()
    int_keys = [False]

    implicit = yaml.resolver.Resolver()  # what libyaml tagged a plain scalar without a tag

    def scalar(node: Any) -> Any:
        if node.style not in (None, ""):  # quoted or block text
            if node.tag not in _STANDARD:
                raise _Unsure
            return node.value
        value = node.value
        if node.tag != implicit.resolve(yaml.ScalarNode, value, (True, False)):
            raise _Unsure  # an explicit tag (`!!binary`, `!Ref`, `!!str 1`)
        if value and value[0] not in _MAY_RESOLVE:
            return value  # no null, bool, number or timestamp of YAML 1.2 starts so: a string
        tag = core_tag(value)  # YAML 1.2's core schema, as load.py's reader (yaml_core.py)
        if tag == "float" and not FLOAT.match(value):
            raise _Unsure  # infinity, NaN: the slow reader says what it makes of them
        return core_value(tag, value) if tag != "str" else value

    def convert(node: Any, pointer: str) -> Any:
        if id(node) in seen:
            raise _Unsure  # an alias: ruamel bounds what it expands to
        seen.add(id(node))
        kind = type(node).__name__
        if kind == "ScalarNode":
            return scalar(node)
        if kind == "SequenceNode":
            if node.tag != "tag:yaml.org,2002:seq":
                raise _Unsure
            items = []
            for index, item in enumerate(node.value):
                child = f"{pointer}/{index}"
                positions[child] = (item.start_mark.line + 1, item.start_mark.column + 1)
                items.append(convert(item, child))
            return items
        if kind == "MappingNode":
            if node.tag != "tag:yaml.org,2002:map":
                raise _Unsure
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if type(key_node).__name__ != "ScalarNode" or key_node.tag == "tag:yaml.org,2002:merge":
                    raise _Unsure
                key = scalar(key_node)
                if isinstance(key, int) and not isinstance(key, bool):
                    int_keys[0] = True
                    key = str(key)
                if not isinstance(key, str) or key in result or key == "<<":
                    raise _Unsure
                token = key.replace("~", "~0").replace("/", "~1") if ("~" in key or "/" in key) else key
                child = f"{pointer}/{token}"
                positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                result[key] = convert(value_node, child)
            return result
        raise _Unsure

    try:
        content = convert(nodes[0], "")
    except (_Unsure, RecursionError, ValueError):
        return None
    return content, positions, int_keys[0]
