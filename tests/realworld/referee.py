"""jsonschema as the referee for a set's examples: the verdict the generated code must reach.

Every schema file of the set is registered under the URI schemagen gives it and under its own
`$id`, beside the published meta-schemas; an example is checked against `<file>#<fragment>` with the
validator class of that file's `$schema` (draft-04 / 06 / 07 / 2019-09 / 2020-12, 2020-12 when it has
none), so each file is read in its own dialect as its authors meant, formats included.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_specifications
from jsonschema.validators import validator_for
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from schemagen.frontend.load import discover, load_file, uri_for


class Referee:
    def __init__(self, schemas: Path) -> None:
        self.docs: dict[str, Any] = {}
        resources = []
        loaded = []
        for path in discover(schemas):
            doc, diags = load_file(path, schemas)
            if doc is None:
                raise ValueError(f"{path}: {[str(d) for d in diags]}")
            loaded.append(doc)
        # OpenAPI / Swagger / AsyncAPI documents read in their own dialect: their schemas as the
        # JSON Schema 2020-12 document schemagen writes them as (frontend/documents)
        from schemagen.frontend.documents import read_documents

        for doc in read_documents(loaded)[0]:
            content = doc.content
            self.docs[doc.rel] = content
            try:
                resource = Resource.from_contents(content, default_specification=DRAFT202012)
            except Exception:  # a $schema spelling referencing does not know: read it as 2020-12
                resource = Resource(contents=content, specification=DRAFT202012)
            resources.append((uri_for(doc.rel), resource))
            if isinstance(content, dict) and isinstance(content.get("$id"), str) and "://" in content["$id"]:
                resources.append((content["$id"].split("#")[0], resource))
        self.registry = Registry().with_resources(resources).combine(jsonschema_specifications.REGISTRY).crawl()

    def validators(self, ref: str) -> list[Any]:
        """Relative refs resolved against the file's `$id` (as the authors meant) and, when that
        URL does not name the neighbouring files (cyclonedx's SNAPSHOT file names), against the file."""
        rel, _, fragment = ref.partition("#")
        root = self.docs[rel]
        cls = validator_for(root, default=jsonschema.Draft202012Validator) if isinstance(root, dict) else jsonschema.Draft202012Validator
        bases = [uri_for(rel)]
        if isinstance(root, dict) and isinstance(root.get("$id"), str) and "://" in root["$id"]:
            bases.insert(0, root["$id"].split("#")[0])
        return [cls({"$ref": f"{base}#{fragment}"}, registry=self.registry, format_checker=cls.FORMAT_CHECKER) for base in bases]

    def errors(self, ref: str, instance: Any) -> list[Any]:
        failure: Exception | None = None
        for validator in self.validators(ref):
            try:
                return list(validator.iter_errors(instance))
            except jsonschema.exceptions._WrappedReferencingError as exc:
                failure = exc
        assert failure is not None
        raise failure

    def accepts(self, ref: str, instance: Any) -> bool:
        return not self.errors(ref, instance)

    def first_error(self, ref: str, instance: Any) -> str | None:
        errors = self.errors(ref, instance)
        return None if not errors else f"{errors[0].json_path}: {errors[0].message}"[:300]
