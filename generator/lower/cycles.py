"""Reference loops that describe no value: `A = B`, `B = A` (through $ref, oneOf or anyOf, never
through an object's property, an array or a map; an object's own oneOf/anyOf is no way out, it
applies to the same value). A pure function of the IR."""

from __future__ import annotations

from schemagen import ir
from schemagen.diagnostics import Diagnostic, Location, error
from schemagen.graphs import strongly_connected


def _direct_refs(expr: ir.TypeExpr) -> list[str]:
    """Types an expression *is* (not contains): a $ref, or any member of a union."""
    if isinstance(expr, ir.Ref):
        return [expr.name]
    if isinstance(expr, ir.UnionOf):
        return [k for m in expr.members for k in _direct_refs(m)]
    if isinstance(expr, ir.Checked):
        return _direct_refs(expr.inner)
    return []


def alias_cycles(named: dict[str, ir.NamedType]) -> list[Diagnostic]:
    """A loop of $ref/oneOf/anyOf that never passes through an object, array or map describes no
    value at all (`A = B`, `B = A`); no target can spell it."""
    edges: dict[str, list[str]] = {}
    for key, t in named.items():
        if isinstance(t, ir.AliasType):
            edges[key] = [k for k in _direct_refs(t.target) if k in named]
        elif isinstance(t, ir.UnionType):
            edges[key] = [k for m in t.members for k in _direct_refs(m) if k in named]
        elif isinstance(t, ir.ObjectType) and t.variants:
            # an object's oneOf/anyOf applies to the object itself, not to a property of it
            edges[key] = [k for union in t.variants for m in union.members for k in _direct_refs(m) if k in named]
    cycles = strongly_connected(edges)
    diags = []
    for component in cycles:
        members = sorted((named[k] for k in component), key=lambda t: (t.origin or Location(""), t.key))
        chain = " -> ".join(t.name for t in members) + " -> " + members[0].name
        if any(isinstance(t, ir.ObjectType) for t in members):
            what = (f"$ref cycle through an object's oneOf/anyOf that never reaches a property or item: {chain}; "
                    "a validator checks the same value again without end, and TypeScript refuses the type (TS2456)")
        else:
            what = f"$ref cycle with no object in it: {chain}; it describes no value and no target can spell it"
        diags.append(error(
            "ref-cycle", what, members[0].origin,
            "make one type in the loop an object (or array) that holds the next, or point one $ref elsewhere",
        ))
    return diags
