"""The benchmark: a fast, seeded dataset generator every app plugs into
(``dataset.py``), a Server-Timing middleware, and the harness behind ``make bench``."""
