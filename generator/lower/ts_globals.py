"""Which global TypeScript types an `x-typescript-type` may use, and with which arguments.

The names, their type-parameter counts and constraints come from the pinned compiler's own lib
files (`ts_lib_types`, derived by `make ts-lib` and tested current), plus the primitive keywords
of the language. A generic given too few or too many arguments is TS2314/TS2707; an argument that
does not satisfy its parameter's constraint is TS2344 (`ReturnType<string>`, `Pick<T, "nope">`).
An argument is accepted only where it can be shown to satisfy the constraint from its text alone:

* `keyof any`: `string`, `number`, `symbol`, `PropertyKey`, a string or number literal, `keyof X`,
  or a union of those
* `string` / `number`: that keyword, a literal of it, or a union of those
* `object`, `WeakKey`: `object`, an array or tuple type, a function type
* `(...args: any) => any`: a function type
* `ArrayBufferLike`: `ArrayBuffer`, `SharedArrayBuffer` or `ArrayBufferLike`
* `keyof T`: `keyof T` for that same argument T
* `any` and `never` satisfy every constraint.

Any other constraint (`abstract new (...args: any) => any`, `(this: This, ...) => any`), or an
argument not shown to satisfy it (a named type: its definition is not read here), is refused
with the reason: the type then goes in a module of the user's, imported with `x-typescript-import`."""

from __future__ import annotations

from schemagen.lower import ts_types as tt
from schemagen.lower.ts_lib_types import GLOBAL_TYPES

# The language's own type keywords (not declared in any lib file).
KEYWORD_TYPES = frozenset("string number boolean bigint symbol object unknown any never".split())

_KEYS = frozenset({"string", "number", "symbol", "PropertyKey"})
_BUFFERS = frozenset({"ArrayBuffer", "SharedArrayBuffer", "ArrayBufferLike"})


def arity(name: str) -> tuple[int, int] | None:
    """(fewest, most) type arguments a global type takes, or None when it is no global type."""
    if name in KEYWORD_TYPES:
        return 0, 0
    params = GLOBAL_TYPES.get(name)
    if params is None:
        return None
    return sum(1 for _, _, default in params if not default), len(params)


def _members(node: tt.Node) -> tuple[tt.Node, ...]:
    return node.members if isinstance(node, tt._Join) and node.op == "|" else (node,)


def _literal(node: tt.Node, kind: str) -> bool:
    if not isinstance(node, tt._Atom):
        return False
    text = node.text
    if kind == "string":
        return text == "string" or text.startswith('"')
    return text == "number" or text.lstrip("-")[:1].isdigit()


def _satisfies(constraint: str, arg: tt.Node, args: dict[str, tt.Node]) -> bool:
    if isinstance(arg, tt._Atom) and arg.text in ("any", "never"):
        return True
    members = _members(arg)
    if constraint == "keyof any":
        return all(isinstance(m, tt._Atom) and (m.text in _KEYS or _literal(m, "string") or _literal(m, "number"))
                   or isinstance(m, tt._Prefix) and m.op == "keyof" for m in members)
    if constraint in ("string", "number"):
        return all(_literal(m, constraint) for m in members)
    if constraint in ("object", "WeakKey"):
        return all(isinstance(m, (tt._Array, tt._Tuple, tt._Function)) or isinstance(m, tt._Atom) and m.text == "object"
                   for m in members)
    if constraint == "(...args: any) => any":
        return all(isinstance(m, tt._Function) for m in members)
    if constraint == "ArrayBufferLike":
        return all(isinstance(m, tt._Atom) and m.text in _BUFFERS for m in members)
    if constraint.startswith("keyof ") and (other := args.get(constraint[6:])) is not None:
        return isinstance(arg, tt._Prefix) and arg.op == "keyof" and tt._print(arg.operand) == tt._print(other)
    return False


def constraint_problems(node: tt.Node, shadowed: frozenset[str]) -> list[str]:
    """Each use of a global generic in the parsed expression whose argument cannot be shown to
    satisfy its parameter's constraint (names in `shadowed` are the user's or generated types)."""
    problems: list[str] = []
    for use in tt.walk(node):
        if not isinstance(use, tt._Generic) or use.name in shadowed or use.name not in GLOBAL_TYPES:
            continue
        params = GLOBAL_TYPES[use.name]
        by_name = {p[0]: a for p, a in zip(params, use.args)}
        for (param, constraint, _), arg in zip(params, use.args):
            if constraint is not None and not _satisfies(constraint, arg, by_name):
                problems.append(f"{tt._print(use)} (its {param} must extend {constraint}, "
                                f"and {tt._print(arg)} cannot be shown to)")
    return problems
