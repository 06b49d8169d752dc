"""A first guess at the cause of a new failure, for `--update-gaps` (a person reviews each entry)."""

from __future__ import annotations

import re

# issue 10's defect classes, by the message schemagen or Python gives
RULES: list[tuple[str, str, str]] = [
    (r"RecursionError|PydanticUndefinedAnnotation|is not defined.*(JSON|Value)", "issue10-1", "recursive aliases"),
    (r"NameError", "issue10-2", "forward reference at import time"),
    (r"\(discriminator\)|discriminator", "issue10-3", "discriminator that cannot be honoured"),
    (r"additionalItems|dependencies|draft-0|\$schema|items.*array|not-a-schema", "issue10-4", "draft-07 / draft-04 keywords"),
    (r"duplicate-name", "issue10-5", "same definition name in two files or a derived name meeting a key"),
    (r"ref-unsupported|keyword-named|boolean schema|meta-schema", "issue10-6", "refs into keyword-named keys, boolean schemas, meta-schema $id"),
    (r"allof-cycle", "issue10-7", "recursion through a base type"),
    (r"\| tsc", "issue10-8", "TypeScript output"),
    (r"x-python-type", "issue10-9", "x-python-type names"),
]


# refusals read one by one: the set, and why
BY_KEY: dict[str, tuple[str, str]] = {
    "asyncapi-3.0 | generate": ("input", "the package's definitions/3.0.0 lacks avroSchema_v1.json and openapiSchema_3_0.json, "
                                "which bindings/kafka refers to by URL (AsyncAPI's build bundles them from older versions)"),
    "drone-ci | generate": ("input", "refers to kubernetes-definitions.json beside it on schemastore, which check-jsonschema does not vendor"),
    "lerna | generate": ("input", "refers to conventional-changelog's schema on raw.githubusercontent.com; schemagen never fetches"),
    "cyclonedx-1.6 | generate": ("issue10-4", "$id-relative refs: 'spdx.SNAPSHOT.schema.json' is resolved against the $id "
                                 "http://cyclonedx.org/schema/... instead of finding the file beside it; array-form items"),
    "json-schema-draft-07 | generate": ("issue10-6", "local refs in a document whose $id is the draft-07 meta-schema URL"),
    "json-schema-2020-12 | generate": ("issue10-6", "the 2020-12 meta-schema's own files: relative refs against a published meta-schema $id"),
    "swagger-2.0 | generate": ("issue10-6", "refs into the draft-04 meta-schema's definitions and to '#/definitions/examples'"),
    "openapi-3.1 | generate": ("issue10-6", "$ref '#/$defs/examples': a definitions key that is a keyword name"),
    "dcg-external-reference | generate": ("input", "$ref 'ref2.json#/' points to the empty-string key, not the root "
                                          "(jsonschema refuses it too: 'If you intended to point to the entire resource, use #')"),
    "codecov | generate": ("issue10-6", "$ref '#/definitions/default': a definitions key that is a keyword name"),
}


def classify(key: str, message: str) -> dict[str, str]:
    if key in BY_KEY:
        cls, why = BY_KEY[key]
        return {"class": cls, "reason": why}
    text = f"{key} {message}"
    for pattern, cls, what in RULES:
        if re.search(pattern, text):
            return {"class": cls, "reason": what}
    return {"class": "unclassified", "reason": "to be investigated"}
