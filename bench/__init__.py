"""Benchmarks and evaluations, run by ``make bench`` / ``make eval``, never by the tests."""
