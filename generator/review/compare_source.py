"""Source findings: what a change does to code written against the generated types, per target,
even when the wire is unchanged (a rename, a move, an attribute name), plus documentation-only
changes. Works on the named IR of two snapshots, types paired by where they were written."""

from __future__ import annotations

from typing import Any

from schemagen import ir
from schemagen.diagnostics import Location
from schemagen.review.findings import RULES, Finding
from schemagen.review.shape import canonical
from schemagen.review.snapshot import Snapshot

PYTHON = ("pydantic", "typeddict")


def _targets(snap: Snapshot, only: tuple[str, ...] | None = None) -> tuple[str, ...]:
    return tuple(t for t in snap.config.targets if only is None or t in only)


def _spell(expr: ir.TypeExpr, names: dict[str, str]) -> str:
    """A type expression as code sees it: named types by name, constraints and null left out
    (the wire rules and the nullability rules judge those)."""
    if isinstance(expr, ir.Primitive):
        return expr.kind + (f"<{expr.format}>" if expr.format else "")
    if isinstance(expr, ir.Ref):
        return names.get(expr.name, expr.name)
    if isinstance(expr, ir.ArrayOf):
        prefix = ",".join(_spell(p, names) for p in expr.prefix)
        return f"array[{prefix}|{_spell(expr.items, names)}]"
    if isinstance(expr, ir.MapOf):
        return f"map[{_spell(expr.values, names)}]"
    if isinstance(expr, ir.LiteralOf):
        return "literal" + canonical(sorted((v for v in expr.values if v is not None), key=canonical))
    if isinstance(expr, ir.UnionOf):
        members = sorted({_spell(m, names) for m in expr.members if not _is_null(m)})
        return members[0] if len(members) == 1 else "union[" + ",".join(members) + "]"
    if isinstance(expr, ir.Override):
        return f"override[{expr.python}|{expr.typescript}]"
    if isinstance(expr, ir.Checked):
        return _spell(expr.inner, names)
    return type(expr).__name__


def _is_null(expr: ir.TypeExpr) -> bool:
    return isinstance(expr, ir.Primitive) and expr.kind == "null"


class _Run:
    def __init__(self, old: Snapshot, new: Snapshot) -> None:
        self.old, self.new = old, new
        self.out: list[Finding] = []
        self.old_names = {t.key: t.name for m in old.schema.modules for t in m.types}
        self.new_names = {t.key: t.name for m in new.schema.modules for t in m.types}

    def add(self, rule: str, subject: str, where: Location | None, side: str, message: str,
            targets: tuple[str, ...] | None = None) -> None:
        loc = where or Location("")
        self.out.append(Finding(rule, subject, loc, side, message,
                                targets if targets is not None else _targets(self.new), RULES[rule].breaking))

    def types(self) -> None:
        before = self.old.schema.types_by_key()
        after = self.new.schema.types_by_key()
        by_name = {t.name: t for t in after.values()}
        moved_to: set[str] = set()
        by_body = self._bodies(self.new, set(after) - set(before))
        for key, t in sorted(before.items()):
            if key in after:
                self.type(t, after[key])
                continue
            twin = by_body.get((t.module, self._body(self.old, key)))
            if twin is not None and twin.key not in moved_to and t.name not in by_name:
                moved_to.add(twin.key)  # a `$defs` key renamed: same module, same schema, new place
                self.type(t, twin)
                continue
            other = by_name.get(t.name)
            if other is not None and other.key not in before:
                moved_to.add(other.key)
                if other.module != t.module:
                    self.add("SOURCE_TYPE_MOVED", t.name, other.origin, "new",
                             f"{t.name} moved from {t.module} to {other.module}: Python imports "
                             f"{self.old.config.python_package}.{t.module} and the TypeScript module path change")
                self.type(t, other)
                continue
            self.add("SOURCE_TYPE_REMOVED", t.name, t.origin, "old", f"the type {t.name} ({t.module}) was removed")
        for key, t in sorted(after.items()):
            if key not in before and key not in moved_to:
                self.add("SOURCE_TYPE_ADDED", t.name, t.origin, "new", f"the type {t.name} was added to {t.module}")

    def _body(self, snap: Snapshot, key: str) -> str:
        from schemagen.frontend.load import node_at

        uri, _, pointer = key.partition("#")
        doc = next((d for d in snap.documents if d.uri == uri), None)
        if doc is None:
            return ""
        try:
            return canonical(node_at(doc.content, pointer))
        except (KeyError, IndexError, ValueError, TypeError):
            return ""

    def _bodies(self, snap: Snapshot, keys: set[str]) -> dict[tuple[str, str], ir.NamedType]:
        types = snap.schema.types_by_key()
        out: dict[tuple[str, str], ir.NamedType] = {}
        for key in sorted(keys):
            body = self._body(snap, key)
            if body:
                out.setdefault((types[key].module, body), types[key])
        return out

    def type(self, a: ir.NamedType, b: ir.NamedType) -> None:
        if a.name != b.name:
            self.add("SOURCE_TYPE_RENAMED", b.name, b.origin, "new", f"the type {a.name} is now named {b.name}")
        self.docs(b.name, a, b, b.origin)
        if type(a) is not type(b):
            self.add("SOURCE_TYPE_KIND_CHANGED", b.name, b.origin, "new",
                     f"{b.name} changed from {_kind(a)} to {_kind(b)}")
            return
        if isinstance(a, ir.ObjectType) and isinstance(b, ir.ObjectType):
            self.fields(a, b)
        elif isinstance(a, ir.EnumType) and isinstance(b, ir.EnumType):
            self.enum(a, b)
        elif isinstance(a, ir.UnionType) and isinstance(b, ir.UnionType):
            self.variants(b.name, a.members, b.members, b.origin)
        elif isinstance(a, ir.AliasType) and isinstance(b, ir.AliasType):
            sa, sb = _spell(a.target, self.old_names), _spell(b.target, self.new_names)
            if isinstance(a.target, ir.UnionOf) and isinstance(b.target, ir.UnionOf):
                self.variants(b.name, a.target.members, b.target.members, b.origin)
            elif sa != sb and not _renamed_only(a.target, b.target, self.old_names, self.new_names):
                self.add("SOURCE_FIELD_TYPE_CHANGED", b.name, b.origin, "new", f"{b.name} changed from {sa} to {sb}")

    def docs(self, subject: str, a: Any, b: Any, where: Location | None) -> None:
        if a.description != b.description:
            self.add("DOC_DESCRIPTION_CHANGED", subject, where, "new", f"the description of {subject} changed", ())
        if getattr(a, "examples", ()) != getattr(b, "examples", ()):
            self.add("DOC_EXAMPLES_CHANGED", subject, where, "new", f"the examples of {subject} changed", ())
        if a.deprecated != b.deprecated:
            state = "deprecated" if b.deprecated else "no longer deprecated"
            self.add("DOC_DEPRECATED_CHANGED", subject, where, "new", f"{subject} is {state}", ())

    def fields(self, a: ir.ObjectType, b: ir.ObjectType) -> None:
        olds = {f.json_name: f for f in a.fields}
        news = {f.json_name: f for f in b.fields}
        old_attrs = self.old.attributes.get(a.key, {})
        new_attrs = self.new.attributes.get(b.key, {})
        old_types, new_types = self.old.schema.types_by_key(), self.new.schema.types_by_key()
        for name, f in olds.items():
            subject = f"{b.name}.{name}"
            g = news.get(name)
            if g is None:
                self.add("SOURCE_FIELD_REMOVED", subject, f.origin or a.origin, "old", f"the field {subject} was removed")
                continue
            where = g.origin or b.origin
            self.docs(subject, f, g, where)
            if old_attrs.get(name) and new_attrs.get(name) and old_attrs[name] != new_attrs[name]:
                self.add("SOURCE_FIELD_ATTRIBUTE_RENAMED", subject, where, "new",
                         f"the Python attribute of {subject} changed from {old_attrs[name]} to {new_attrs[name]}",
                         _targets(self.new, ("pydantic",)))
            if g.required and not f.required:
                self.add("SOURCE_FIELD_REQUIRED", subject, where, "new",
                         f"{subject} became required: code constructing {b.name} without it breaks")
            elif f.required and not g.required:
                self.add("SOURCE_FIELD_OPTIONAL", subject, where, "new", f"{subject} became optional: readers may see it absent")
            was, now = ir.is_nullable(f.type, old_types), ir.is_nullable(g.type, new_types)
            if was and not now:
                self.add("SOURCE_FIELD_NOT_NULLABLE", subject, where, "new",
                         f"{subject} is no longer nullable: code assigning None/null breaks")
            elif now and not was:
                self.add("SOURCE_FIELD_NULLABLE", subject, where, "new", f"{subject} became nullable: readers must handle null")
            sa, sb = _spell(f.type, self.old_names), _spell(g.type, self.new_names)
            if sa != sb and not _renamed_only(f.type, g.type, self.old_names, self.new_names):
                self.add("SOURCE_FIELD_TYPE_CHANGED", subject, where, "new", f"the type of {subject} changed from {sa} to {sb}")
        for name, g in news.items():
            if name in olds:
                continue
            subject = f"{b.name}.{name}"
            if g.required:
                self.add("SOURCE_FIELD_REQUIRED", subject, g.origin or b.origin, "new",
                         f"the new field {subject} is required: code constructing {b.name} without it breaks")
            else:
                self.add("SOURCE_FIELD_ADDED", subject, g.origin or b.origin, "new", f"the optional field {subject} was added")

    def enum(self, a: ir.EnumType, b: ir.EnumType) -> None:
        from schemagen.targets.pydantic import enum_members

        old_members = dict(zip((canonical(v) for v in a.values), enum_members(a)))
        new_members = dict(zip((canonical(v) for v in b.values), enum_members(b)))
        for value, member in old_members.items():
            if value not in new_members:
                self.add("SOURCE_ENUM_MEMBER_REMOVED", f"{b.name}.{member}", b.origin, "new",
                         f"the enum member {b.name}.{member} ({value}) was removed")
            elif new_members[value] != member:
                self.add("SOURCE_ENUM_MEMBER_RENAMED", f"{b.name}.{member}", b.origin, "new",
                         f"the enum member {b.name}.{member} is now {b.name}.{new_members[value]}", _targets(self.new, PYTHON))
        for value, member in new_members.items():
            if value not in old_members:
                self.add("SOURCE_ENUM_MEMBER_ADDED", f"{b.name}.{member}", b.origin, "new",
                         f"the enum member {b.name}.{member} ({value}) was added; an exhaustive match/switch must handle it")

    def variants(self, subject: str, a: tuple[ir.TypeExpr, ...], b: tuple[ir.TypeExpr, ...], where: Location | None) -> None:
        before = {_spell(m, self.old_names) for m in a}
        after = {_spell(m, self.new_names) for m in b}
        renamed = {self.new_names.get(k, "") for k in self.old_names if self.old_names[k] in before} - {""}
        for m in sorted(before - after):
            if not (m in self.old_names.values() and _new_name_of(m, self.old_names, self.new_names) in after):
                self.add("SOURCE_UNION_VARIANT_REMOVED", subject, where, "new", f"the union {subject} lost the variant {m}")
        for m in sorted(after - before - renamed):
            self.add("SOURCE_UNION_VARIANT_ADDED", subject, where, "new",
                     f"the union {subject} gained the variant {m}; an exhaustive match/switch must handle it")


def _new_name_of(name: str, old: dict[str, str], new: dict[str, str]) -> str:
    key = next((k for k, v in old.items() if v == name), None)
    return new.get(key, "") if key else ""


def _renamed_only(a: ir.TypeExpr, b: ir.TypeExpr, old: dict[str, str], new: dict[str, str]) -> bool:
    """The same expression once referenced types are named by key: a type rename is its own finding."""
    return _spell(a, {k: k for k in old}) == _spell(b, {k: k for k in new})


def _kind(t: ir.NamedType) -> str:
    return {"ObjectType": "a model", "EnumType": "an enum", "UnionType": "a union", "AliasType": "an alias"}[type(t).__name__]


def source_findings(old: Snapshot, new: Snapshot) -> list[Finding]:
    run = _Run(old, new)
    run.types()
    return run.out
