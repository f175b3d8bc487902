"""Bounded floods against a real Liaison server on loopback: peak memory and latency.

Usage: python scripts/load_hardening.py [--project DIR] [--upload-mib 48] [--uploads 4]
                                        [--logins 40] [--runon-kb 5,50] [--timeout 60]

Starts ``uvicorn app.web.app:create_app`` from ``--project`` (default: this checkout) on a free
127.0.0.1 port over a fresh SQLite file holding three accounts (real argon2 costs), then runs,
one after the other:

- upload: ``--uploads`` anonymous uploads of ``--upload-mib`` MiB each, in parallel, carrying
  a valid CSRF token from /login (they should be refused before the body is read);
- filter: the timeline with ``actor=`` repeated 400 and 1,000 times (signed-in viewer);
- run-on: an editor pastes run-on French text (no sentence end) of each ``--runon-kb`` size;
- login: ``--logins`` wrong-password logins sent at once (one account name each).

For each it prints the HTTP statuses, the latency (median and max) and the server's peak
resident memory during the flood (sampled from /proc every 20 ms). Every request has a client
timeout (``--timeout``), so the script ends even against a server that does not.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PASSWORDS = {"vera": ("viewer", "viewer-pass-2024"), "emil": ("editor", "editor-pass-2024")}
CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')
RUNON_WORDS = ("le ministre iranien a rencontré son homologue russe puis le vice-ministre "
               "qui avait reçu la délégation dont le chef a appelé le conseiller que le "
               "président a nommé et qui a évoqué avec lui la coopération et ").split()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PeakMemory:
    """Samples a process's resident memory (VmRSS) in a thread; ``peak_mib`` is the highest."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _rss_kib(self) -> int:
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_kib = max(self.peak_kib, self._rss_kib())
            time.sleep(0.02)

    def __enter__(self) -> PeakMemory:
        self.peak_kib = self._rss_kib()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_mib(self) -> float:
        return self.peak_kib / 1024


def start_server(project: Path, workdir: Path) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{workdir / 'load.db'}",
           "LIAISON_SEED_ON_START": "false", "PYTHONPATH": str(project)}
    for variable in ("LIAISON_ARGON2_TIME_COST", "LIAISON_ARGON2_MEMORY_KIB"):
        env.pop(variable, None)
    python = sys.executable
    subprocess.run([python, "-m", "app.cli", "db", "upgrade"], cwd=project, env=env, check=True,
                   capture_output=True)
    for name, (role, password) in PASSWORDS.items():
        subprocess.run([python, "-m", "app.cli", "user", "add", name, "--role", role,
                        "--password-stdin"], cwd=project, env=env, input=password + "\n",
                       text=True, check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen(
        [python, "-m", "uvicorn", "--factory", "app.web.app:create_app", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"],
        cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=open(workdir / "server.log", "w"))
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1):
                return process, base
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("server did not start")


def csrf_of(client: httpx.Client, path: str = "/login") -> str:
    match = CSRF.search(client.get(path).text)
    return match.group(1) if match else ""


def signed_in(base: str, name: str, timeout: float) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=base, timeout=timeout)
    token = csrf_of(client)
    client.post("/login", data={"name": name, "password": PASSWORDS[name][1], "csrf_token": token})
    return client, csrf_of(client, "/articles")


def timed(call) -> tuple[str, float]:  # noqa: ANN001 - a zero-argument request
    started = time.perf_counter()
    try:
        status = str(call().status_code)
    except httpx.TimeoutException:
        status = "timeout"
    except httpx.HTTPError as error:
        status = type(error).__name__
    return status, time.perf_counter() - started


def report(label: str, results: list[tuple[str, float]], memory: PeakMemory) -> None:
    statuses = Counter(status for status, _ in results)
    latencies = [seconds for _, seconds in results]
    print(f"{label:<28} statuses {dict(statuses)}  latency median {statistics.median(latencies):6.2f} s"
          f"  max {max(latencies):6.2f} s  server peak RSS {memory.peak_mib:7.0f} MiB", flush=True)


def upload_flood(base: str, pid: int, count: int, mib: int, timeout: float) -> None:
    body = b"a" * (mib * 1024 * 1024)
    clients = [httpx.Client(base_url=base, timeout=timeout) for _ in range(count)]
    tokens = [csrf_of(client) for client in clients]
    start = threading.Barrier(count)

    def one(index: int) -> tuple[str, float]:
        start.wait()
        return timed(lambda: clients[index].post(
            "/articles/upload", data={"csrf_token": tokens[index]},
            files=[("files", ("big.txt", body, "text/plain"))]))

    with PeakMemory(pid) as memory, ThreadPoolExecutor(count) as pool:
        results = list(pool.map(one, range(count)))
    report(f"upload {count} x {mib} MiB anon", results, memory)
    for client in clients:
        client.close()


def filter_flood(base: str, pid: int, repeats: int, timeout: float) -> None:
    client, _ = signed_in(base, "vera", timeout)
    query = "&".join(f"actor=actor-{index}" for index in range(repeats))
    with PeakMemory(pid) as memory:
        results = [timed(lambda: client.get("/?" + query)) for _ in range(3)]
    report(f"filter actor= x {repeats}", results, memory)
    client.close()


def login_flood(base: str, pid: int, count: int, timeout: float) -> None:
    """``count`` wrong passwords sent at once, each for another account name."""
    clients = [httpx.Client(base_url=base, timeout=timeout) for _ in range(count)]
    tokens = [csrf_of(client) for client in clients]
    start = threading.Barrier(count)

    def one(index: int) -> tuple[str, float]:
        start.wait()
        return timed(lambda: clients[index].post("/login", data={
            "name": f"guess{index}", "password": f"wrong-{index}", "csrf_token": tokens[index]}))

    with PeakMemory(pid) as memory, ThreadPoolExecutor(count) as pool:
        results = list(pool.map(one, range(count)))
    report(f"login {count} concurrent", results, memory)
    for client in clients:
        client.close()


def runon_text(kilobytes: int) -> str:
    words, size = [], 0
    index = 0
    while size < kilobytes * 1000:
        word = RUNON_WORDS[index % len(RUNON_WORDS)]
        words.append(word)
        size += len(word.encode()) + 1
        index += 1
    return " ".join(words)


def runon_flood(base: str, pid: int, sizes: list[int], timeout: float) -> None:
    client, token = signed_in(base, "emil", timeout)
    for kilobytes in sizes:
        text = runon_text(kilobytes)
        with PeakMemory(pid) as memory:
            result = timed(lambda text=text: client.post(
                "/articles/paste", data={"csrf_token": token, "text": text, "title": "run-on"}))
        report(f"run-on paste {kilobytes} kB", [result], memory)
    client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--project", type=Path, default=ROOT)
    parser.add_argument("--uploads", type=int, default=4)
    parser.add_argument("--upload-mib", type=int, default=48)
    parser.add_argument("--logins", type=int, default=40)
    parser.add_argument("--runon-kb", default="5,50")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="liaison-load-") as folder:
        process, base = start_server(args.project.resolve(), Path(folder))
        try:
            with PeakMemory(process.pid) as idle:
                time.sleep(0.5)
            print(f"server {base} from {args.project.name}: idle RSS {idle.peak_mib:.0f} MiB",
                  flush=True)
            upload_flood(base, process.pid, args.uploads, args.upload_mib, args.timeout)
            for repeats in (400, 1000):
                filter_flood(base, process.pid, repeats, args.timeout)
            runon_flood(base, process.pid, [int(k) for k in args.runon_kb.split(",")], args.timeout)
            login_flood(base, process.pid, args.logins, args.timeout)
        finally:
            process.kill()
            process.wait()


if __name__ == "__main__":
    main()
