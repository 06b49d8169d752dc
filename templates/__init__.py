"""The bundled Jinja templates, one folder per target; installed as `schemagen.templates`."""
