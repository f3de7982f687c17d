"""End-to-end browser tests and the latency harness (see README.md here)."""
