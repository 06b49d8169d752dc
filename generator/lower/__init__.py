"""Lowering: checked documents → IR (shapes, cycles, unions, runtime checks, overrides)."""
