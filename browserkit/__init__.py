"""The course in a real browser: JupyterLab + headless Chromium, driven and measured in the page.

Shared by the browser tests (tests/e2e) and the benchmarks (benchmarks/); see README.md here.
Importing this package imports nothing else: Playwright and nbformat are needed only by the
modules that drive a browser.
"""
