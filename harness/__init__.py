"""Tools that run the real app for the tests, the benchmarks and screenshots (see harness.app)."""
