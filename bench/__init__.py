"""Benchmarks: `make bench` prints each figure and writes them all to bench-results.json."""
