"""A throw-away JupyterLab server and headless Chromium for the browser tests.

It runs ``sys.executable -m jupyterlab`` on 127.0.0.1 with a free port, a
random token and its own temporary config, data, runtime, settings,
workspaces and checkpoint directories (plus HOME, IPYTHONDIR and MPLCONFIGDIR), so nothing
from the developer's own Jupyter set-up leaks in and nothing is written to
it.  JUPYTER_PATH is left alone and the venv's data dir
(``sys.prefix/share/jupyter``) is always searched, so the installed lab
extensions (the ipywidgets manager) are found.

``Lab`` puts one server, one Chromium (driven by Playwright, started from its
executable: ``playwright install`` is never needed) and one browser context
together; the pytest fixtures (tests/e2e/conftest.py) and the latency harness
(harness.py) both use it.
"""
from __future__ import annotations

import atexit
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

# JupyterLab user settings for the test server only (written to its temporary
# settings dir).  None of them changes what a student's notebook does:
USER_SETTINGS = {
    # Never write the notebooks under test back to disk: running them in the
    # browser would otherwise autosave outputs into the repo's .ipynb files.
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    # No "get official Jupyter news?" toast and no update check: they would ask
    # the (closed) network and show pop-ups over the notebook.
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
_CANDIDATES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"]
_MAC_APPS = [
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
]
HOW_TO_ENABLE = (
    "install it (apt-get install chromium / brew install --cask chromium) "
    "or set GDLIB_CHROMIUM=/path/to/chrome to run the browser tests"
)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def find_chromium() -> str | None:
    explicit = os.environ.get("GDLIB_CHROMIUM")
    if explicit:
        return shutil.which(explicit) or (explicit if os.access(explicit, os.X_OK) else None)
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return next((p for p in _MAC_APPS if os.access(p, os.X_OK)), None)


def browser_unavailable() -> str | None:
    """One line saying why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed: pip install -e '.[test]' to run the browser tests"
    if os.environ.get("GDLIB_CHROMIUM") and find_chromium() is None:
        return f"GDLIB_CHROMIUM={os.environ['GDLIB_CHROMIUM']} is not an executable: " + HOW_TO_ENABLE
    if find_chromium() is None:
        return "no Chromium found: " + HOW_TO_ENABLE
    return None


def _die_with_parent() -> None:
    """In the server's process, before exec: on Linux, get SIGTERM when the test
    process dies, even from SIGKILL or a CI timeout that skips every clean-up.
    (The server then stops its kernels.)  Elsewhere: nothing."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except Exception:
        pass


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterLabServer:
    def __init__(self, root_dir: Path, *, startup_timeout: float = 90.0):
        self.root_dir = Path(root_dir)
        self.startup_timeout = startup_timeout
        self.token = secrets.token_hex(24)
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._tmp = tempfile.TemporaryDirectory(prefix="gd-e2e-jupyter-")
        self.tmp = Path(self._tmp.name)
        self.log_path = self.tmp / "jupyterlab.log"
        self.proc: subprocess.Popen | None = None
        self._log_file = None

    # -- environment -----------------------------------------------------
    def _env(self) -> dict[str, str]:
        dirs = {
            name: self.tmp / sub
            for name, sub in [
                ("HOME", "home"),
                ("IPYTHONDIR", "ipython"),
                ("JUPYTER_CONFIG_DIR", "config"),
                ("JUPYTER_DATA_DIR", "data"),
                ("JUPYTER_RUNTIME_DIR", "runtime"),
                ("JUPYTERLAB_SETTINGS_DIR", "lab-settings"),
                ("JUPYTERLAB_WORKSPACES_DIR", "lab-workspaces"),
                ("MPLCONFIGDIR", "matplotlib"),
            ]
        }
        for d in dirs.values():
            d.mkdir(parents=True, exist_ok=True)
        for rel, value in USER_SETTINGS.items():
            f = dirs["JUPYTERLAB_SETTINGS_DIR"] / rel
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_text(json.dumps(value))
        env = dict(os.environ)
        # Nothing of the caller's own Jupyter/IPython set-up may leak in.
        for key in ("JUPYTER_TOKEN", "JUPYTER_CONFIG_PATH", "JUPYTERLAB_DIR", "JUPYTER_ALLOW_INSECURE_WRITES"):
            env.pop(key, None)
        env.update({k: str(v) for k, v in dirs.items()})
        env["JUPYTER_TOKEN"] = self.token  # not on the command line, where `ps` shows it
        env["JUPYTER_PLATFORM_DIRS"] = "1"
        env["PYTHONUNBUFFERED"] = "1"
        env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # quiet debugpy note in the kernel log
        # Keep the venv's share/jupyter (lab extensions, kernelspec) on the path
        # even if jupyter_core would not prefer the env path on its own.
        share = str(Path(sys.prefix) / "share" / "jupyter")
        paths = [p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p]
        if share not in paths:
            paths.append(share)
        env["JUPYTER_PATH"] = os.pathsep.join(paths)
        return env

    def command(self) -> list[str]:
        cmd = [
            sys.executable, "-m", "jupyterlab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={self.port}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.root_dir={self.root_dir}",
            "--ServerApp.open_browser=False",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--MappingKernelManager.cull_idle_timeout=0",
            # JupyterLab makes a checkpoint of every notebook it opens; keep them
            # out of the repository (an absolute dir is used as it is).
            f"--FileCheckpoints.checkpoint_dir={self.tmp / 'checkpoints'}",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        return cmd

    # -- lifecycle -------------------------------------------------------
    def start(self) -> "JupyterLabServer":
        atexit.register(self.stop)  # a safety net: the owner normally stops it first
        self._log_file = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            self.command(),
            cwd=str(self.root_dir),
            env=self._env(),
            stdin=subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped as a whole
            preexec_fn=_die_with_parent,
        )
        deadline = time.monotonic() + self.startup_timeout
        last_error = "no answer yet"
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"JupyterLab exited with code {self.proc.returncode} before answering.\n"
                    f"--- server log ({self.log_path}) ---\n{self.log_tail()}"
                )
            try:
                status = self.api("GET", "/api/status", timeout=2)
                if isinstance(status, dict):
                    return self
            except Exception as exc:  # connection refused while starting up
                last_error = f"{type(exc).__name__}: {exc}"
            time.sleep(0.25)
        self.stop()
        raise RuntimeError(
            f"JupyterLab did not answer on {self.base_url}/api/status within "
            f"{self.startup_timeout:.0f}s (last error: {last_error}).\n"
            f"--- server log ({self.log_path}) ---\n{self.log_tail()}"
        )

    def stop(self, timeout: float = 15.0) -> None:
        """Shut the server and its kernels down; never raises."""
        proc = self.proc
        if proc is not None and proc.poll() is None:
            try:  # kernels run in their own sessions: ask the server to stop them
                for kernel in self.api("GET", "/api/kernels", timeout=5) or []:
                    self.api("DELETE", f"/api/kernels/{kernel['id']}", timeout=10)
            except Exception:
                pass
            try:  # SIGTERM: the server stops its kernels and exits
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait(timeout=10)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def cleanup(self) -> None:
        self.stop()
        atexit.unregister(self.stop)
        self._tmp.cleanup()

    def log_tail(self, n_chars: int = 6000) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError as exc:
            return f"(no log: {exc})"
        return text[-n_chars:]

    # -- REST ------------------------------------------------------------
    def api(self, method: str, path: str, body=None, timeout: float = 10.0):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            self.base_url + path,
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            payload = resp.read()
        return json.loads(payload) if payload else None

    def lab_url(self, api_path: str) -> str:
        quoted = urllib.parse.quote(api_path)
        return f"{self.base_url}/lab/tree/{quoted}?reset&token={self.token}"

    def shutdown_kernels_for(self, api_path: str) -> None:
        """Delete the sessions (and so the kernels) of one notebook."""
        for session in self.api("GET", "/api/sessions") or []:
            if session.get("path") == api_path:
                self.api("DELETE", f"/api/sessions/{session['id']}", timeout=20)


class Lab:
    """One JupyterLab server on ``root_dir``, one headless Chromium and one browser context.

    ``start()`` starts both (and stops whatever it started if one fails);
    ``close()`` stops everything and never raises.  One context serves every
    page, so JupyterLab's assets are cached between notebooks.
    """

    def __init__(self, root_dir: Path, chromium: str, *, viewport=(1400, 1000), timeout_ms: float = 30_000):
        self.root_dir = Path(root_dir)
        self.chromium = chromium
        self.viewport = viewport
        self.timeout_ms = timeout_ms
        self.server = JupyterLabServer(self.root_dir)
        self._pw = self.browser = self.context = None

    def start(self) -> "Lab":
        from playwright.sync_api import sync_playwright

        try:
            self.server.start()
            self._pw = sync_playwright().start()
            try:
                self.browser = self._pw.chromium.launch(
                    executable_path=self.chromium, headless=True, args=CHROMIUM_ARGS
                )
            except Exception as exc:
                raise RuntimeError(f"could not start {self.chromium}: {exc}") from None
            width, height = self.viewport
            self.context = self.browser.new_context(viewport={"width": width, "height": height})
            self.context.set_default_timeout(self.timeout_ms)
        except BaseException:
            self.close()
            raise
        return self

    def url(self, api_path: str) -> str:
        return self.server.lab_url(api_path)

    def api_path(self, path: Path) -> str:
        """The server's name for a file under root_dir."""
        return Path(path).relative_to(self.root_dir).as_posix()

    def close(self) -> None:
        for step in (
            lambda: self.context and self.context.close(),
            lambda: self.browser and self.browser.close(),
            lambda: self._pw and self._pw.stop(),
        ):
            try:
                step()
            except Exception:
                pass
        self.context = self.browser = self._pw = None
        self.server.cleanup()

    def __enter__(self) -> "Lab":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()
