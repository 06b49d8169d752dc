"""The one subtype checker both object writers use: where the Python and TypeScript answers differ
because the languages spell a type differently, and where they agree."""

from __future__ import annotations

import pytest

from schemagen import ir
from schemagen.targets.subtypes import PYTHON, TYPESCRIPT, ancestor_fields, field_subtype, subtype

S = ir.Primitive("string")
I = ir.Primitive("integer")
N = ir.Primitive("number")
MODE = ir.EnumType(key="m#/Mode", name="Mode", module="m", values=("a", "b"))
TYPES: dict[str, ir.NamedType] = {"Mode": MODE}

CASES = [
    # (sub, sup, python, typescript)
    (S, S, True, True),
    (ir.LiteralOf(("a",)), S, True, True),
    (ir.LiteralOf(("a",)), ir.Ref("Mode"), False, True),  # an Enum class is no Literal; a TS enum is one
    (ir.LiteralOf(("z",)), ir.Ref("Mode"), False, False),
    (ir.LiteralOf(("a",)), ir.Primitive("string", "date-time"), False, True),  # datetime vs string
    (ir.Primitive("string", "uuid"), S, False, True),
    (ir.LiteralOf((1.5,)), N, False, True),  # Literal holds no floats
    (ir.LiteralOf((1,)), N, True, True),
    (I, N, True, True),
    (N, I, False, True),  # both are `number` in TS
    (ir.UnionOf((S, I)), ir.UnionOf((I, S, ir.Primitive("null"))), True, True),
    (ir.UnionOf((S, N)), ir.UnionOf((S, I)), False, True),
    (ir.LiteralOf(("a", "b")), ir.LiteralOf(("a",)), False, False),
    (ir.ArrayOf(S), ir.AnyValue(), True, True),
    (ir.ArrayOf(S), ir.ArrayOf(ir.UnionOf((S, I))), False, False),  # unsure: no subtype claim
    (ir.Checked(ir.LiteralOf(("a",)), ("{\"not\": {}}",)), S, True, True),
]


@pytest.mark.parametrize(("sub", "sup", "python", "typescript"), CASES)
def test_subtype_per_spelling(sub: ir.TypeExpr, sup: ir.TypeExpr, python: bool, typescript: bool) -> None:
    assert subtype(sub, sup, TYPES, PYTHON) is python
    assert subtype(sub, sup, TYPES, TYPESCRIPT) is typescript


def test_optional_never_redefines_required() -> None:
    req = ir.Field("k", S, True)
    opt = ir.Field("k", ir.LiteralOf(("a",)), False)
    for spelling in (PYTHON, TYPESCRIPT):
        assert not field_subtype(opt, req, TYPES, spelling)
        assert field_subtype(ir.Field("k", ir.LiteralOf(("a",)), True), req, TYPES, spelling)
        assert field_subtype(req, ir.Field("k", S, False), TYPES, spelling)


def test_ancestor_fields_nearest_wins() -> None:
    far = ir.ObjectType(key="m#/A", name="A", module="m", fields=(ir.Field("x", S, True), ir.Field("y", S, True)))
    near = ir.ObjectType(key="m#/B", name="B", module="m", base="A", fields=(ir.Field("x", I, True),))
    leaf = ir.ObjectType(key="m#/C", name="C", module="m", base="B", fields=(ir.Field("y", I, True),))
    types: dict[str, ir.NamedType] = {"A": far, "B": near, "C": leaf}
    got = ancestor_fields(leaf, types)
    assert got["x"].type == I and got["y"].type == S  # B's x, A's y; C's own y not included
