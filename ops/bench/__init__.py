"""Benchmark harness: seed national-scale data, time the key pages against hand-written SQL, report.

``seed`` fills the database in bulk (COPY), ``scenarios`` holds the registry of measured pages and
endpoints, ``measure`` times them and ``report`` writes ``docs/benchmarks.md``. New features add a seed
step to ``seed.SEED_STEPS`` and their pages to ``scenarios.SCENARIOS``.
"""
