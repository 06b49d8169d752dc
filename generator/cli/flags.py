"""Command-line spellings shared by the console script's fast path (entry.py) and the Typer app
(cli.py): a leaf, so neither imports the other for them."""

from __future__ import annotations

QUIET_FLAGS = ("--quiet", "-q")  # the -q option of generate/check/watch: cli.py declares it from these
FORMATS = ("text", "json", "github")  # --format's choices (cli.OutputFormat), case-insensitive
