"""Output: view models → text (render, format) → files on disk (sync), plus bundles."""
