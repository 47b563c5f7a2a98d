#!/usr/bin/env python3
"""Time from saving a file to the live-reload event of `ketenwijzer serve --watch`.

Copies a site (default: the bundled site) to a temp folder, starts the preview on a free port,
listens on /__livereload with a raw SSE client, then N times appends a line to one chapter and
measures until the `reload` event arrives (debounce and rebuild included).

    python3 bench/serve_latency.py [--site DIR] [--file content/beleidsplan/04-signalering.md] [-n 20]
"""
import argparse, os, shutil, socket, statistics, subprocess, sys, tempfile, threading, time, queue

ap = argparse.ArgumentParser()
here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ap.add_argument("--site", default=here)
ap.add_argument("--file", default="content/beleidsplan/04-signalering.md")
ap.add_argument("-n", type=int, default=20)
ap.add_argument("--bin", default=os.path.join(here, "target/release/ketenwijzer"))
args = ap.parse_args()

tmp = tempfile.mkdtemp()
site = os.path.join(tmp, "site")
ignore = shutil.ignore_patterns("target", "public", ".git", "node_modules", "tests", "bench")
shutil.copytree(args.site, site, ignore=ignore)
proc = subprocess.Popen([args.bin, "serve", "--watch", "--port", "0", "--root", site],
                        stdout=subprocess.PIPE, text=True,
                        stderr=open(os.environ["SERVE_LOG"], "w") if os.environ.get("SERVE_LOG") else subprocess.DEVNULL)
try:
    line = proc.stdout.readline()
    port = int(line.split("127.0.0.1:")[1].split("/")[0])
    events = queue.Queue()

    def listen():
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET /__livereload HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
        buf = b""
        while True:
            data = s.recv(4096)
            if not data:
                return
            buf += data
            while b"\n" in buf:
                raw, buf = buf.split(b"\n", 1)
                if raw.startswith(b"event: ") and raw[7:].strip() != b"build":
                    events.put((time.perf_counter(), raw[7:].decode().strip()))

    threading.Thread(target=listen, daemon=True).start()
    time.sleep(0.5)
    path = os.path.join(site, args.file)
    original = open(path, encoding="utf-8").read()
    times = []
    for i in range(args.n):
        t0 = time.perf_counter()
        with open(path, "w", encoding="utf-8") as f:
            f.write(original + f"\n\nBewerking {i}.\n")
        t1, name = events.get(timeout=10)
        if name != "reload":
            sys.exit(f"unexpected event {name}")
        times.append((t1 - t0) * 1000)
        time.sleep(0.3)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    print(f"save → reload event, {args.n} saves of {args.file}: "
          f"median {statistics.median(times):.0f} ms, p95 {p95:.0f} ms, min {times[0]:.0f} ms, max {times[-1]:.0f} ms")
finally:
    proc.kill()
    shutil.rmtree(tmp, ignore_errors=True)
