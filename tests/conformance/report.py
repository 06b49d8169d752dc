"""`python -m tests.conformance.report`: the JSON-Schema-Test-Suite (drafts 2020-12 and 7) through
schemagen's Pydantic and TypedDict outputs and through datamodel-code-generator, written to
reports/conformance.md / .json (2020-12) and reports/conformance-draft7.md / .json.

    --no-dmcg       skip datamodel-code-generator (it generates one group per call: slower); without
                    this flag the run also rewrites the tables in docs/conformance.md
    --update-gaps   rewrite known_gaps.json / known_gaps_draft7.json from what disagrees now (existing
                    reasons kept)
    --draft NAME    run one draft only (draft2020-12 or draft7)
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.conformance import claims, gaps
from tests.conformance.compare import GroupResult, gap_key
from tests.conformance.results import run_schemagen_file
from tests.conformance.suite import DRAFT, DRAFTS, REPO, keyword_files, suite_root

REPORTS = REPO / "reports"
TARGETS = ("pydantic", "typeddict")


@dataclass
class Tally:
    groups: int = 0
    agree: int = 0

    def add(self, ok: bool) -> None:
        self.groups += 1
        self.agree += ok

    @property
    def pct(self) -> float:
        return 100.0 * self.agree / self.groups if self.groups else 100.0

    def text(self) -> str:
        return f"{self.pct:.1f}% ({self.agree}/{self.groups})"


def status(results: list[GroupResult], target: str, file: str) -> str:
    if claims.subject_unsupported(file) or file in claims.NOT_CLAIMED_FILES:
        return "unsupported"
    if all(r.agrees(target) for r in results):
        return "supported"
    return "partial"


def misses(results: list[GroupResult], target: str, kind: str) -> int:
    return sum(1 for r in results if r.error is None for m in r.misses.get(target, []) if m.kind == kind)


def summarize(ours: dict[str, list[GroupResult]], theirs: dict[str, list[GroupResult]] | None) -> dict[str, dict[str, Tally]]:
    """scope → target → tally; scopes: claimed, required (all non-optional groups), optional, all."""
    scopes: dict[str, dict[str, Tally]] = {s: {} for s in ("claimed", "required", "optional", "all")}
    for source, table, targets in (("schemagen", ours, TARGETS), ("datamodel-code-generator", theirs or {}, ("pydantic",))):
        for file, results in table.items():
            claimed_keys = {(r.index) for r in ours.get(file, []) if claims.unclaimed_reason(r) is None}
            for r in results:
                for target in targets:
                    name = f"{source} {target}"
                    ok = r.agrees(target)
                    scope_list = ["all", "optional" if claims.optional(file) else "required"]
                    if r.index in claimed_keys:
                        scope_list.append("claimed")
                    for s in scope_list:
                        scopes[s].setdefault(name, Tally()).add(ok)
    return scopes


def draft_label(draft: str) -> str:
    return "draft 2020-12" if draft == DRAFT else draft.replace("draft", "draft-0")


def render(ours: dict[str, list[GroupResult]], theirs: dict[str, list[GroupResult]] | None, seconds: float,
           dmcg_version: str | None, draft: str = DRAFT) -> tuple[str, dict[str, object]]:
    scopes = summarize(ours, theirs)
    known = gaps.load(gaps.gaps_file(draft))
    label = draft_label(draft)
    lines = [
        f"# Conformance: JSON-Schema-Test-Suite, {label}",
        "",
        "Every group's schema is generated as one root type; each test's `data` is validated with",
        "`pydantic.TypeAdapter(Root).validate_python` against the Pydantic output and the TypedDict output",
        "and compared with the suite's `valid`. A group agrees when all of its tests do; a group whose",
        "generation fails counts as a miss. *Claimed* groups are those using no keyword schemagen lists as",
        "unsupported (`generator/keywords.py`) and none of the approximated ones in `tests/conformance/claims.py`.",
        f"datamodel-code-generator {dmcg_version or '(not run)'} runs the same groups with its default options",
        "(Pydantic v2 output) through the same comparison.",
        "",
        "## Summary (groups that agree)",
        "",
        "| scope | " + " | ".join(n for n in scopes["all"]) + " |",
        "| --- | " + " | ".join("---" for _ in scopes["all"]) + " |",
    ]
    for s, text in (("claimed", "claimed by schemagen"), ("required", f"all required {label} groups"),
                    ("optional", "optional/format"), ("all", "everything")):
        lines.append(f"| {text} | " + " | ".join(scopes[s].get(n, Tally()).text() for n in scopes["all"]) + " |")
    lines += [
        "",
        "## Per keyword file",
        "",
        "False accepts / false rejects count tests (not groups); *err* is groups whose generation or import failed;",
        "*warned* is groups where schemagen warned about an unsupported keyword; *unclaimed* groups are listed below.",
        "",
        "| file | keyword | status pydantic | status typeddict | groups | unclaimed | pydantic | typeddict "
        "| false accepts (pyd/td) | false rejects (pyd/td) | err | warned | datamodel-code-generator | dcg err |",
        "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    files_json: dict[str, object] = {}
    for file, results in ours.items():
        tallies = {t: Tally() for t in TARGETS}
        for r in results:
            for t in TARGETS:
                tallies[t].add(r.agrees(t))
        dcg = (theirs or {}).get(file)
        dcg_tally = Tally()
        for r in dcg or []:
            dcg_tally.add(r.agrees("pydantic"))
        unclaimed = [r for r in results if claims.unclaimed_reason(r)]
        row = {
            "keyword": claims.subject(file),
            "status": {t: status(results, t, file) for t in TARGETS},
            "groups": len(results),
            "unclaimed": len(unclaimed),
            "agreement": {t: round(tallies[t].pct, 1) for t in TARGETS},
            "false_accepts": {t: misses(results, t, "false accept") for t in TARGETS},
            "false_rejects": {t: misses(results, t, "false reject") for t in TARGETS},
            "errors": sum(r.error is not None for r in results),
            "warned": sum(bool(r.warned) for r in results),
            "dmcg_agreement": round(dcg_tally.pct, 1) if dcg else None,
            "dmcg_errors": sum(r.error is not None for r in dcg) if dcg else None,
        }
        files_json[file] = {**row, "groups_detail": [_group_json(r, known) for r in results],
                            "dmcg": [_group_json(r, {}) for r in dcg or []]}
        lines.append(
            f"| {file} | {row['keyword']} | {row['status']['pydantic']} | {row['status']['typeddict']} | {len(results)} "
            f"| {len(unclaimed)} | {tallies['pydantic'].text()} | {tallies['typeddict'].text()} "
            f"| {row['false_accepts']['pydantic']}/{row['false_accepts']['typeddict']} "
            f"| {row['false_rejects']['pydantic']}/{row['false_rejects']['typeddict']} | {row['errors']} | {row['warned']} "
            f"| {dcg_tally.text() if dcg else '-'} | {row['dmcg_errors'] if dcg else '-'} |"
        )
    lines += ["", "## Groups outside the claimed set", "", "| file | group | why |", "| --- | --- | --- |"]
    for file, results in ours.items():
        for r in results:
            why = claims.unclaimed_reason(r)
            if why and not claims.optional(file):
                lines.append(f"| {file} | {_cell(r.description)} | {_cell(why)} |")
    lines += ["", "## Generation errors", "", "| file | group | error |", "| --- | --- | --- |"]
    for file, results in ours.items():
        for r in results:
            if r.error:
                lines.append(f"| {file} | {_cell(r.description)} | {_cell(r.error)} |")
    lines += ["", "## Known gaps in claimed groups", "", "| file | group | test | targets | reason |",
              "| --- | --- | --- | --- | --- |"]
    for file, results in ours.items():
        for r in results:
            if claims.unclaimed_reason(r):
                continue
            for key, targets in sorted(gaps.observed([r]).items()):
                _, group, test = key.split(" | ", 2)
                reason = known.get(key, {}).get("reason", f"NEW: not in {gaps.gaps_file(draft).name}")
                lines.append(f"| {file} | {_cell(group)} | {_cell(test)} | {', '.join(sorted(targets))} | {_cell(str(reason))} |")
    lines += ["", f"_{sum(len(v) for v in ours.values())} groups in {seconds:.0f} s._", ""]
    summary = {s: {n: {"agree": t.agree, "groups": t.groups, "pct": round(t.pct, 2)} for n, t in v.items()}
               for s, v in scopes.items()}
    return "\n".join(lines), {"summary": summary, "files": files_json, "dmcg_version": dmcg_version, "draft": draft}


def _group_json(r: GroupResult, known: dict[str, dict[str, object]]) -> dict[str, object]:
    return {
        "index": r.index, "description": r.description, "tests": r.tests, "error": r.error,
        "warned": sorted(r.warned), "unclaimed": claims.unclaimed_reason(r),
        "misses": {t: [{"test": m.test, "kind": m.kind, "known": gap_key(r.file, r.description, m.test) in known}
                       for m in ms] for t, ms in r.misses.items() if ms},
    }


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def guess_reason(r: GroupResult, key: str) -> str:
    """A first reason for a new known-gap entry; edit it by hand to say why."""
    why = claims.unclaimed_reason(r)
    if why:
        return why
    if r.error:
        return f"generation fails: {r.error}"
    test = key.rsplit(" | ", 1)[-1].lower()
    group = r.description.lower()
    for needle, reason in _REASONS:
        if needle(group, test, r):
            return reason
    return "unexplained: investigate"


_REASONS = [
    (lambda g, t, r: "base schema" in g, "keywords beside oneOf/anyOf (a base schema) are not applied to the union"),
    (lambda g, t, r: r.file == "oneOf.json", "oneOf is a union that accepts a value matching several branches: "
     "exclusivity is not enforced"),
    (lambda g, t, r: ("false" in g or "true" in g) and ("zero" in t or "one" in t or t in ("true is invalid", "false is invalid")),
     "Python's bool is an int: Literal/IntEnum accept 0 for false and 1 for true (and the reverse)"),
    (lambda g, t, r: "float with zero fractional part" in t, "integers are StrictInt, which rejects 1.0"),
    (lambda g, t, r: "prefixitems" in g or "additionalitems" in g or "subitems" in g or "prefixItems" in r.keywords,
     "prefixItems: a closed prefix is an exact-length tuple (fewer items rejected, no uniqueItems); an open "
     "prefix is a plain list (positions not checked)"),
    (lambda g, t, r: "applicators" in g, "allOf is merged into one object, so additionalProperties sees the "
     "properties of its members"),
    (lambda g, t, r: "sibling" in g, "keywords beside $ref are not applied (warned: ref-siblings)"),
    (lambda g, t, r: "default" in g, "an invalid default is validated when the field is absent"),
]


def update_gaps(ours: dict[str, list[GroupResult]], draft: str = DRAFT) -> int:
    known = gaps.load(gaps.gaps_file(draft))
    fresh: dict[str, dict[str, object]] = {}
    for results in ours.values():
        for r in results:
            for key, targets in gaps.observed([r]).items():
                reason = known.get(key, {}).get("reason") or guess_reason(r, key)
                fresh[key] = {"targets": sorted(targets), "reason": reason}
    gaps.gaps_file(draft).write_text(json.dumps(dict(sorted(fresh.items())), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(fresh)


def main(argv: list[str]) -> int:
    suite = suite_root()
    drafts = [argv[argv.index("--draft") + 1]] if "--draft" in argv else list(DRAFTS)
    reports: dict[str, dict[str, object]] = {}
    for draft in drafts:
        reports[draft] = run_draft(suite, draft, argv)
    if "--no-dmcg" not in argv and set(drafts) == set(DRAFTS):  # a full run: the docs tables quote it
        from tests.conformance import docs

        docs.refresh(reports[DRAFT], reports[DRAFTS[1]])
        print(f"refreshed the conformance tables in docs/{docs.DOCS.name}")
    return 0


def run_draft(suite: Path, draft: str, argv: list[str]) -> dict[str, object]:
    started = time.perf_counter()
    ours: dict[str, list[GroupResult]] = {}
    theirs: dict[str, list[GroupResult]] | None = None if "--no-dmcg" in argv else {}
    from tests.conformance.run_dmcg import run_dmcg_file, version

    for file in keyword_files(suite, draft=draft):
        ours[file], _ = run_schemagen_file(suite, file, draft=draft)
        if theirs is not None:
            theirs[file] = run_dmcg_file(suite, file, draft)
        print(f"  {draft}/{file}", file=sys.stderr, flush=True)
    if "--update-gaps" in argv:
        print(f"{gaps.gaps_file(draft).name}: {update_gaps(ours, draft)} entries")
    text, data = render(ours, theirs, time.perf_counter() - started, version() if theirs is not None else None, draft)
    REPORTS.mkdir(exist_ok=True)
    stem = "conformance" if draft == DRAFT else f"conformance-{draft}"
    (REPORTS / f"{stem}.md").write_text(text, encoding="utf-8")
    (REPORTS / f"{stem}.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for scope in ("claimed", "required", "all"):
        print(f"{draft} {scope}: " + ", ".join(f"{n} {t['pct']}%" for n, t in data["summary"][scope].items()))  # type: ignore[index]
    print(f"wrote {REPORTS / (stem + '.md')}")
    return data


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
