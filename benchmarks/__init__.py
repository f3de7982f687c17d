"""How fast is gdlib: the benchmarks, one module per section (``python benchmarks/run.py``).

run.py is the command line and says what each section measures; docs/benchmarks.md holds
the last recorded run. Nothing here imports from ``tests``: the browser instruments both
use are the package ``browserkit``.
"""
