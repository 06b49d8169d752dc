"""What the review commands report: findings with a stable rule id, and the rule catalogue.

One table of rules, so docs/review.md, `--format json` and the ignore list all use the same ids.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemagen.diagnostics import Location


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str  # "wire" | "source" | "doc"
    breaking: bool  # a break when its direction is checked (wire) / always (source)
    summary: str
    possibly: bool = False  # undecidable here: reported as "possibly breaking"


def _r(id: str, kind: str, breaking: bool, summary: str, possibly: bool = False) -> Rule:
    return Rule(id, kind, breaking, summary, possibly)


RULES: dict[str, Rule] = {r.id: r for r in (
    # wire: a finding from the BACKWARD check (old ⊆ new) or the FORWARD one (new ⊆ old)
    _r("WIRE_TYPE_NARROWED", "wire", True, "a JSON type (or every value) is no longer accepted"),
    _r("WIRE_TYPE_WIDENED", "wire", True, "a JSON type is accepted that was not (breaks old readers: FORWARD)"),
    _r("WIRE_ENUM_VALUE_REMOVED", "wire", True, "an enum/const value is no longer accepted"),
    _r("WIRE_ENUM_VALUE_ADDED", "wire", True, "an enum value was added (breaks old readers: FORWARD)"),
    _r("WIRE_ENUM_ADDED", "wire", True, "a value that was free is now restricted to a list (enum/const)"),
    _r("WIRE_ENUM_REMOVED", "wire", True, "a list of allowed values was lifted (FORWARD)"),
    _r("WIRE_CONSTRAINT_TIGHTENED", "wire", True, "a bound, length, count, multipleOf, pattern, uniqueItems, "
       "contains or not is stricter"),
    _r("WIRE_CONSTRAINT_LOOSENED", "wire", True, "a constraint is looser (breaks old readers: FORWARD)"),
    _r("WIRE_FORMAT_CHANGED", "wire", True, "an asserted format (date-time, date, time, uuid, email, uri) was added or changed"),
    _r("WIRE_PATTERN_CHANGED", "wire", True, "a pattern was replaced by another; inclusion is not decided", True),
    _r("WIRE_REQUIRED_ADDED", "wire", True, "a property became required (always, or whenever another is present)"),
    _r("WIRE_REQUIRED_REMOVED", "wire", True, "a property is no longer required (FORWARD)"),
    _r("WIRE_PROPERTY_REMOVED_CLOSED", "wire", True, "a property was removed from a closed object"),
    _r("WIRE_PROPERTY_ADDED_CLOSED", "wire", True, "a property was added to a closed object (FORWARD)"),
    _r("WIRE_PROPERTY_ADDED_OPEN", "wire", True, "a constrained property was added to an open object"),
    _r("WIRE_PROPERTY_REMOVED_OPEN", "wire", True, "a constrained property was removed from an open object (FORWARD)"),
    _r("WIRE_ADDITIONAL_PROPERTIES_CLOSED", "wire", True, "an open object was closed (additionalProperties: false)"),
    _r("WIRE_ADDITIONAL_PROPERTIES_OPENED", "wire", True, "a closed object was opened (FORWARD)"),
    _r("WIRE_TUPLE_CLOSED", "wire", True, "an array accepts fewer items (a tuple was closed)"),
    _r("WIRE_TUPLE_OPENED", "wire", True, "an array accepts more items than before (FORWARD)"),
    _r("WIRE_UNION_VARIANT_REMOVED", "wire", True, "a oneOf/anyOf variant was removed"),
    _r("WIRE_UNION_VARIANT_ADDED", "wire", True, "a oneOf/anyOf variant was added (FORWARD)"),
    _r("WIRE_ONEOF_OVERLAP", "wire", True, "a oneOf variant may overlap another, so a value may match two", True),
    _r("WIRE_NOT_CHANGED", "wire", True, "a `not` changed where inclusion depends on patterns or conditionals", True),
    _r("WIRE_UNDECIDABLE", "wire", True, "a keyword whose effect is not compared (if/then/else, propertyNames, "
       "dynamic refs, unevaluated* beside them) changed", True),
    # source: code written against the old generated types (reading every field, constructing
    # from the required ones, matching unions and enums exhaustively) no longer compiles against
    # the new ones. `breaking` here says a rule can break; each finding says whether it does, and
    # for which targets (compare_source.py, checked by tests/review/test_source_oracle.py)
    _r("SOURCE_TYPE_REMOVED", "source", True, "a named type no longer exists"),
    _r("SOURCE_TYPE_RENAMED", "source", True, "a type's name changed ($defs key or title)"),
    _r("SOURCE_TYPE_MOVED", "source", True, "a type moved to another file: its import path changed"),
    _r("SOURCE_TYPE_KIND_CHANGED", "source", True, "a type changed kind (alias ↔ model, enum, union)"),
    _r("SOURCE_FIELD_REMOVED", "source", True, "a field no longer exists"),
    _r("SOURCE_FIELD_ATTRIBUTE_RENAMED", "source", True, "a field's Python attribute name changed"),
    _r("SOURCE_FIELD_REQUIRED", "source", True, "a field became required (breaks code constructing the type)"),
    _r("SOURCE_FIELD_NOT_NULLABLE", "source", True, "a required nullable field became non-nullable (breaks constructing it with null)"),
    _r("SOURCE_FIELD_TYPE_CHANGED", "source", True, "a field's type changed: widened breaks readers, narrowed breaks constructors of a required field"),
    _r("SOURCE_ENUM_MEMBER_REMOVED", "source", True, "an enum member no longer exists"),
    _r("SOURCE_ENUM_MEMBER_RENAMED", "source", True, "an enum member's Python name changed"),
    _r("SOURCE_UNION_VARIANT_REMOVED", "source", True, "a union lost a variant (breaks code building the union from it)"),
    _r("SOURCE_TYPE_ADDED", "source", False, "a named type was added"),
    _r("SOURCE_FIELD_ADDED", "source", False, "an optional field was added"),
    _r("SOURCE_FIELD_OPTIONAL", "source", True, "a required field became optional (Pydantic and TypeScript readers now get None/undefined)"),
    _r("SOURCE_FIELD_NULLABLE", "source", True, "a field became nullable (readers get None/null where they did not)"),
    _r("SOURCE_ENUM_MEMBER_ADDED", "source", True, "an enum member was added (an exhaustive match/switch must handle it)"),
    _r("SOURCE_UNION_VARIANT_ADDED", "source", True, "a union gained a variant (an exhaustive match/switch must handle it)"),
    # documentation only
    _r("DOC_DESCRIPTION_CHANGED", "doc", False, "a description changed"),
    _r("DOC_EXAMPLES_CHANGED", "doc", False, "examples changed"),
    _r("DOC_DEPRECATED_CHANGED", "doc", False, "a type or field was deprecated or undeprecated"),
)}


@dataclass(frozen=True)
class Finding:
    rule: str
    subject: str  # Type or Type.field
    location: Location  # file:line:col and JSON pointer (new schemas; old ones for a removal)
    side: str  # "new" | "old": which schemas the location is in
    message: str
    targets: tuple[str, ...]
    breaking: bool = True
    possibly: bool = False

    @property
    def kind(self) -> str:
        return RULES[self.rule].kind if self.rule in RULES else "lint"

    def severity(self) -> str:
        if self.kind == "lint":
            return "lint"
        if not self.breaking:
            return "change"
        return "possibly breaking" if self.possibly else "breaking"

    def sort_key(self) -> tuple[object, ...]:
        return (not self.breaking, self.possibly, self.location.file, self.location.line, self.location.col,
                self.rule, self.subject)


def order(findings: list[Finding]) -> list[Finding]:
    """Deterministic: breaking first, then by place; one finding per rule, place and subject."""
    unique: dict[tuple[str, ...], Finding] = {}
    for f in findings:
        key = (f.rule, f.side, f.location.file, f.location.pointer, f.subject)
        if key not in unique or f.breaking and not unique[key].breaking:
            unique[key] = f
    return sorted(unique.values(), key=Finding.sort_key)
