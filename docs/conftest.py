"""The docs' pages are doctests; the build's own code is not (it needs the docs group)."""

from __future__ import annotations

collect_ignore = ["conf.py", "_ext", "_static"]
