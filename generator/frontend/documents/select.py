"""`include`: the named schemas a team uses, and everything they reference, and nothing else.

Names do not depend on the selection: a kept schema keeps its `$defs` key, and what lowering
derives from it (nested objects, enums) is derived from that key, so growing the list adds types
without renaming the ones already generated.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote


def local_refs(node: Any) -> set[str]:
    """The `$defs` names a schema refers to inside its own document."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                token = ref[len("#/$defs/"):].split("/", 1)[0]
                found.add(unquote(token).replace("~1", "/").replace("~0", "~"))
            stack.extend(v for k, v in item.items() if k not in ("enum", "const", "default", "examples"))
        elif isinstance(item, list):
            stack.extend(item)
    return found
