"""Benchmarks for gijiroku-kg: a synthetic corpus of meeting records and the runs that use it.

``python -m bench corpus OUT_DIR`` writes a corpus; ``python -m bench extract`` measures the
extraction stage's speed and correctness against the corpus's ground truth.
"""
