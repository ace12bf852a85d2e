"""YAML with positions: loading that keeps line numbers, field schemas, and French problems.

The floor below :mod:`docker_lab.course` and :mod:`docker_lab.checks`: both declare
and validate instructor files with it, and it imports nothing of theirs.
"""
