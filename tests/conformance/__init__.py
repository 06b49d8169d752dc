"""Conformance of the generated outputs against the official JSON-Schema-Test-Suite (draft 2020-12)."""
