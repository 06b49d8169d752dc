"""What each target's compiler sees of a type expression, and when code written against the old
one still compiles against the new one.

A type expression becomes a set of atoms (its union members, flattened), spelt per target the way
the generated code spells it: `integer` and `number` are one `number` in TypeScript, a string
format is its own class in Python only where the generator maps it (datetime, date, time, UUID),
an enum is nominal in Pydantic and a set of literals in TypedDict and TypeScript. Assignability
follows the compilers: `bool` ≤ `int` ≤ `float` in mypy, a literal under its primitive, `Any`
both ways in Python but `unknown` only as a target in TypeScript, `list`/`dict` invariant in mypy
and covariant in TypeScript. Named types are atoms by key (a change inside one is reported once,
at that type; a rename is its own finding).

Reading is checked with new ⊑ old (code that annotated the old type receives the new one), and
constructing with old ⊑ new (code passes values of the old type to the new constructor).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from schemagen import ir

PYTHON_FORMATS = {"date-time": "datetime", "date": "date", "time": "time", "uuid": "UUID"}
TARGET_LANGUAGE = {"pydantic": "Python", "typeddict": "Python", "typescript": "TypeScript"}


def atoms(expr: ir.TypeExpr, target: str, key_of: Callable[[str], str],
          types: dict[str, ir.NamedType]) -> frozenset[str]:
    """The union members of `expr` as `target` spells them; `key_of` maps a referenced type's key to
    the key it is compared under (old keys to their new counterparts)."""
    if isinstance(expr, ir.Primitive):
        if expr.kind == "string":
            fmt = PYTHON_FORMATS.get(expr.format or "") if target != "typescript" else None
            return frozenset({f"string<{fmt}>" if fmt else "string"})
        if expr.kind == "integer" and target == "typescript":
            return frozenset({"number"})
        return frozenset({expr.kind})
    if isinstance(expr, ir.Ref):
        return frozenset({"ref:" + key_of(expr.name)})
    if isinstance(expr, ir.ArrayOf):
        inner = ",".join(_show_raw(atoms(p, target, key_of, types)) for p in expr.prefix)
        rest = "" if expr.closed and expr.prefix else _show_raw(atoms(expr.items, target, key_of, types))
        return frozenset({f"array[{inner};{rest}]"})
    if isinstance(expr, ir.MapOf):
        return frozenset({f"map[{_show_raw(atoms(expr.values, target, key_of, types))}]"})
    if isinstance(expr, ir.LiteralOf):
        return literal_atoms(expr.values, target)
    if isinstance(expr, ir.UnionOf):
        out: frozenset[str] = frozenset()
        for m in expr.members:
            out |= atoms(m, target, key_of, types)
        return out
    if isinstance(expr, ir.Checked):
        return atoms(expr.inner, target, key_of, types)
    if isinstance(expr, ir.Override):
        spelt = expr.typescript if target == "typescript" else expr.python
        return frozenset({f"override:{spelt}"}) if spelt else atoms(expr.fallback, target, key_of, types)
    if isinstance(expr, ir.AnyValue):
        return frozenset({"any"})
    if isinstance(expr, ir.NeverValue):
        return frozenset()
    return frozenset({type(expr).__name__})


def literal_atoms(values: tuple[ir.JSONValue, ...] | list[ir.JSONValue], target: str) -> frozenset[str]:
    """Literal values as the target spells them: a value `Literal[...]` cannot hold (a wide
    integer in mypy, an integer no double equals in TypeScript) widens as the generator widens it."""
    from schemagen.targets.escape import ts_literal
    from schemagen.targets.pytypes import literal_spellable

    def one(v: ir.JSONValue) -> str:
        return "null" if v is None else "lit:" + json.dumps(v, sort_keys=True)

    if target == "typescript":
        return frozenset("number" if v is not None and ts_literal(v) == "number" else one(v) for v in values)
    if all(literal_spellable(v) for v in values):
        return frozenset(one(v) for v in values)
    wide = {"null"} if None in values else set()
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values if v is not None):
        return frozenset(wide | {"integer"})
    return frozenset(wide | {"any"})


def _show_raw(a: frozenset[str]) -> str:
    return "|".join(sorted(a))


def _split(inner: str) -> frozenset[str]:
    """Atoms back from _show_raw (top level `|` only)."""
    out, depth, cur = [], 0, ""
    for ch in inner:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        if ch == "|" and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    if cur:
        out.append(cur)
    return frozenset(out)


def _literal_value(atom: str) -> object:
    return json.loads(atom[4:])


def atom_le(x: str, y: str, target: str) -> bool:
    """x assignable to y in `target`'s compiler."""
    python = target != "typescript"
    if x == y or y == "any" or (python and x == "any"):
        return True
    order = {"boolean": 0, "integer": 1, "number": 2} if python else {}
    if x in order and y in order:
        return order[x] <= order[y]
    if x.startswith("lit:"):
        v = _literal_value(x)
        if isinstance(v, bool):
            return atom_le("boolean", y, target)
        if isinstance(v, str):
            return y == "string"
        if isinstance(v, int):
            return atom_le("integer" if python else "number", y, target)
        if isinstance(v, float):
            return atom_le("number", y, target)
        return False
    for head in ("array[", "map["):
        if x.startswith(head) and y.startswith(head):
            xs, ys = x[len(head):-1], y[len(head):-1]
            (xp, _, xr), (yp, _, yr) = (xs.partition(";"), ys.partition(";")) if head == "array[" else \
                (("", "", xs), ("", "", ys))
            a, b = _split(xr), _split(yr)
            # mypy: list and dict are invariant; TypeScript: arrays and records are covariant
            return xp == yp and le(a, b, target) and (not python or le(b, a, target))
    return False


def le(a: frozenset[str], b: frozenset[str], target: str) -> bool:
    """Every value of `a` is assignable to `b` in `target`."""
    return all(any(atom_le(x, y, target) for y in b) for x in a)


def show(a: frozenset[str], names: Callable[[str], str]) -> str:
    """Atoms for people: `number | string`, `"open" | "closed"`, `Line[]`."""
    return " | ".join(sorted(_show_atom(x, names) for x in a)) or "never"


def _show_atom(x: str, names: Callable[[str], str]) -> str:
    if x.startswith("lit:"):
        return x[4:]
    if x.startswith("ref:"):
        return names(x[4:])
    if x.startswith("string<"):
        return "string (" + x[7:-1] + ")"
    if x.startswith("array["):
        prefix, rest = x[6:-1].split(";", 1)
        if prefix:
            return "[" + ", ".join(show(_split(p), names) for p in prefix.split(",")) + (", ..." if rest else "") + "]"
        return f"array of {show(_split(rest), names)}"
    if x.startswith("map["):
        return f"map of {show(_split(x[4:-1]), names)}"
    if x.startswith("override:"):
        return x[9:]
    return {"any": "any value"}.get(x, x)
