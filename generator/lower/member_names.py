"""The names of a union's members that need a type of their own (an inline object, enum or union).

A member is named after the union's place (`hint`), never numbered while something can tell the
members apart:

* a member alone in needing a name (the usual `anyOf: [{...object...}, {type: null}]`, written by
  OpenAPI 3.1 and FastAPI for every `Optional`) takes the union's name when the union is unnamed
  (a property: `Holder.prompt` → `HolderPrompt | None`), or the union's name plus its kind when the
  union is itself the named type (`Prompt = PromptObject | None`);
* a tag value (`type: const: session.update`) names its member (the caller passes them);
* members of distinct kinds take their kind (`…Object`, `…Array`, `…String`);
* a `title` names a member by itself.

Only members that none of these tells apart are numbered (`…Option2`), with a located warning.
"""

from __future__ import annotations

from typing import Any

from schemagen.frontend.keywords import ANNOTATIONS
from schemagen.lower.shape import is_objectish, types_of
from schemagen.lower.variants import _leafy


def _is_null(member: Any) -> bool:
    return isinstance(member, dict) and (member.get("type") == "null" or member.get("const", 0) is None
                                         or member.get("enum") == [None])


def needs_name(member: Any) -> bool:
    """Whether lowering this member names a type of its own (after a hint)."""
    if not isinstance(member, dict) or _is_null(member):
        return False
    said = {k for k in member if k not in ANNOTATIONS and not k.startswith("x-")}
    if said <= {"$ref"} or isinstance(member.get("title"), str) and member["title"].strip():
        return False
    return not _leafy(member) or isinstance(member.get("enum"), list)


def kind(member: dict[str, Any]) -> str:
    types = types_of(member)
    if is_objectish(member) or types == ["object"]:
        return "Object"
    if types and len([t for t in types if t != "null"]) == 1:
        return next(t for t in types if t != "null").capitalize()
    if isinstance(member.get("enum"), list):
        return "Enum"
    return ""


def member_suffixes(members: list[Any], tagged: dict[int, str], named: bool) -> tuple[dict[int, str], list[int]]:
    """Each member's name suffix, and the members that had to be numbered (for the warning)."""
    needing = [i for i, m in enumerate(members) if needs_name(m) and i not in tagged]
    suffixes: dict[int, str] = dict(tagged)
    numbered: list[int] = []
    if len(needing) == 1 and not tagged:
        i = needing[0]
        suffixes[i] = (kind(members[i]) or "Value") if named else ""
    else:
        kinds = [kind(members[i]) for i in needing]
        for i, k in zip(needing, kinds):
            if k and kinds.count(k) == 1:
                suffixes[i] = k
            else:
                suffixes[i] = f"Option{i + 1}"
                numbered.append(i)
    for i in range(len(members)):
        suffixes.setdefault(i, f"Option{i + 1}")  # a member that names no type: the hint is never used
    return suffixes, numbered
