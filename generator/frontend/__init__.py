"""Front end: schema files → checked documents (load, positions, validate, keywords, refs)."""
