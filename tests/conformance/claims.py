"""What schemagen claims to support, per suite keyword file and per group, decided from the
generator's own keyword table (`generator/keywords.py`: UNSUPPORTED minus RUNTIME_CHECKED, which
the measured Python targets enforce at runtime) plus the few keywords below that the generator
approximates without a warning and so does not claim."""

from __future__ import annotations

from schemagen.frontend.keywords import RUNTIME_CHECKED, UNSUPPORTED
from tests.conformance.compare import GroupResult

# The Python targets enforce these at runtime (TypeScript is warned): claimed for what is measured.
NOT_ENFORCED = {k: v for k, v in UNSUPPORTED.items() if k not in RUNTIME_CHECKED}

# Keywords schemagen reads but only approximates; groups using them are reported, not claimed.
NOT_CLAIMED: dict[str, str] = {
    "$dynamicAnchor": "dynamic scopes are not modelled",
    "$vocabulary": "custom meta-schema vocabularies are not read",
}
# Keyword files whose subject is a meta-schema feature rather than a keyword in the group schema.
NOT_CLAIMED_FILES: dict[str, str] = {
    "vocabulary.json": "custom meta-schema vocabularies are not read",
}


def subject(file: str) -> str:
    """The keyword (or feature) a suite file tests, as the docs table names it."""
    stem = file.rsplit("/", 1)[-1].removesuffix(".json")
    if file.startswith("optional/format/"):
        return f"format: {stem}"
    return {
        "if-then-else": "if / then / else", "boolean_schema": "boolean schemas", "ref": "$ref",
        "refRemote": "$ref (remote)", "defs": "$defs", "anchor": "$anchor", "dynamicRef": "$dynamicRef",
        "infinite-loop-detection": "$ref cycles", "content": "contentMediaType / contentEncoding",
        "vocabulary": "$vocabulary",
    }.get(stem, stem)


def subject_unsupported(file: str) -> str | None:
    """Why the file's own keyword is unsupported, or None."""
    stem = file.rsplit("/", 1)[-1].removesuffix(".json")
    for kw in {"if-then-else": ("if",), "dynamicRef": ("$dynamicRef",)}.get(stem, (stem,)):
        if kw in NOT_ENFORCED:
            return NOT_ENFORCED[kw]
    return None


def optional(file: str) -> bool:
    return file.startswith("optional/")


def unclaimed_reason(result: GroupResult) -> str | None:
    """Why a group is outside the claimed set, or None when schemagen claims it."""
    if optional(result.file):
        return "optional: format assertion is not required by draft 2020-12"
    if result.file in NOT_CLAIMED_FILES:
        return NOT_CLAIMED_FILES[result.file]
    if subject_unsupported(result.file):
        return f"{subject(result.file)}: {subject_unsupported(result.file)}"
    unsupported = sorted(set(result.keywords) & set(NOT_ENFORCED))
    if unsupported:
        return "uses unsupported " + ", ".join(unsupported)
    approximated = sorted(set(result.keywords) & set(NOT_CLAIMED))
    if approximated:
        return "uses " + ", ".join(f"{k} ({NOT_CLAIMED[k]})" for k in approximated)
    return None
