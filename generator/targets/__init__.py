"""Code targets: IR → a view model per target (Pydantic, TypedDict, TypeScript)."""
