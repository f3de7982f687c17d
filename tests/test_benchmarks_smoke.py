"""The benchmark script runs (``benchmarks/run.py --quick``). No timing is checked:
the machines are noisy, and the numbers of a quick run mean nothing."""
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"
SECTIONS = ("latency", "browser", "vectorisation", "hardware", "peers", "minibatch", "optimizers")


def _run(*args):
    done = subprocess.run([sys.executable, str(SCRIPT), "--quick", *args], capture_output=True,
                          text=True, timeout=600, cwd=SCRIPT.parents[1])
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_quick_benchmark_runs_and_prints_every_section():
    out = _run()
    assert "| section" in out and "| gdlib" in out and "| met?" in out, out
    for section in SECTIONS:
        assert f"| {section}" in out, f"no '{section}' row in:\n{out}"
    assert "Targets missed:" in out and "Skipped:" in out, out
    assert "cpu:" in out, out                 # the machine is described
    assert "θ differs" not in out and "far off" not in out, out   # peers agree with gdlib


def test_record_writes_the_results_between_the_markers(tmp_path):
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Title\n\n<!-- benchmarks:begin -->\nold\n<!-- benchmarks:end -->\n\nafter\n")
    out = _run("--only", "vectorisation", "--record", str(doc))
    text = doc.read_text()
    assert text.startswith("# Title\n\n<!-- benchmarks:begin -->\n") and text.endswith(
        "<!-- benchmarks:end -->\n\nafter\n")
    assert "old" not in text and out in text and "| vectorisation" in text


def test_the_browser_section_records_in_its_own_block(tmp_path):
    """`make bench-latency` (--only browser --record) leaves the other results alone."""
    doc = tmp_path / "benchmarks.md"
    doc.write_text("<!-- benchmarks:begin -->\nkeep\n<!-- benchmarks:end -->\n"
                   "<!-- browser:begin -->\nold\n<!-- browser:end -->\n")
    out = _run("--only", "browser", "--record", str(doc))
    text = doc.read_text()
    assert "keep" in text and "old" not in text and out in text and "| browser" in text
