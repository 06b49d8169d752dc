"""`[tool.schemagen.documents."<path>"]`: what to generate of one API document.

```toml
[tool.schemagen.documents."openai/openapi.yaml"]
include = ["RealtimeClientEvent", "RealtimeServerEvent"]  # only these and what they reference
bodies = false                                             # no types for inline request/response bodies
```
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DocumentOptions:
    include: tuple[str, ...] | None = None  # named schemas to generate, with their closure; None: all
    bodies: bool = True  # name and generate inline request and response bodies (OpenAPI, Swagger)


def parse_documents(value: Any) -> tuple[dict[str, DocumentOptions], str | None]:
    """The checked table, or the problem with it (a message naming the key)."""
    if not isinstance(value, dict):
        return {}, "expected a table of document path = {include = [...], bodies = true}"
    out: dict[str, DocumentOptions] = {}
    for rel, table in sorted(value.items()):
        if not isinstance(table, dict):
            return {}, f"{rel!r}: expected a table with include and/or bodies"
        unknown = sorted(set(table) - {"include", "bodies"})
        if unknown:
            return {}, f"{rel!r}: unknown key {unknown[0]!r}; a document takes include and bodies"
        include = table.get("include")
        if include is not None and (not isinstance(include, list) or not all(isinstance(n, str) and n for n in include)):
            return {}, f"{rel!r}.include: expected a list of schema names"
        bodies = table.get("bodies", True)
        if not isinstance(bodies, bool):
            return {}, f"{rel!r}.bodies: expected true or false"
        out[str(rel)] = DocumentOptions(tuple(include) if include is not None else None, bodies)
    return out, None
