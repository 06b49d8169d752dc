"""Review tools: IR(old), IR(new) → findings and pages (breaking, diff, docs, lint)."""
