"""The command line: the console script's fast path (entry), the Typer app (app), one run as the
CLI does it (runner, report, progress) and `watch`. The only room above the pipeline: nothing
below imports it."""
