#!/usr/bin/env python3
"""Time from saving a file to the live-reload event of `ketenwijzer serve --watch`.

Copies a site (default: the bundled site) to a temp folder, or generates one with
bench/gen_corpus.py (--pages N: N pages, plus partner records, a glossary and pages no page
links to, in ketenwijzer's own format), starts the preview on a free port, listens on
/__livereload with a raw SSE client, then N times makes one kind of edit (--mode) and measures
until the `reload` event arrives (debounce and rebuild included). Each mode prints its median.

    python3 bench/serve_latency.py [--site DIR | --pages 10000] [--mode body,front-matter,...] [-n 20]

Modes: body (a line added to a page), front-matter (a page's title), new-page, remove-page (a
page no page links to), partner (a record's summary), glossary (a term's definition), or all.
"""
import argparse, os, shutil, socket, statistics, subprocess, sys, tempfile, threading, time, queue

MODES = ["body", "front-matter", "new-page", "remove-page", "partner", "glossary"]
ap = argparse.ArgumentParser()
here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ap.add_argument("--site", default=here)
ap.add_argument("--pages", type=int, default=0,
                help="generate a site of this many pages instead of copying --site")
ap.add_argument("--file", default=None, help="the page to edit (body, front-matter)")
ap.add_argument("--mode", default="body", help="comma-separated modes, or all")
ap.add_argument("-n", type=int, default=20)
ap.add_argument("--bin", default=os.path.join(here, "target/release/ketenwijzer"))
args = ap.parse_args()
modes = MODES if args.mode == "all" else args.mode.split(",")
for m in modes:
    if m not in MODES:
        sys.exit(f"unknown mode {m}; choose from {', '.join(MODES)} or all")

PARTNER = """name: {name}
kind: regionaal
roles: [signaleren]
area: all
summary: Partner {k} voor de meting.
description: |
  Partner {k} ondersteunt bij signalen van uitbuiting.
when_to_contact: |
  Bij vragen over een signaal.
source: [https://example.org/p{k}]
reviewed: 2026-11-01
"""


def generate(site, pages):
    subprocess.run([sys.executable, os.path.join(here, "bench/gen_corpus.py"), site,
                    "--layout", "plain", "-n", str(pages)], check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(site, "site.yaml"), "w", encoding="utf-8") as f:
        f.write("title: Bench\nbase_url: https://example.org/\nkeep_order_prefix: true\n")
    os.makedirs(os.path.join(site, "partners"), exist_ok=True)
    for k in range(1, 51):
        with open(os.path.join(site, "partners", f"partner-{k:02d}.yaml"), "w", encoding="utf-8") as f:
            f.write(PARTNER.format(name=f"Partner {k}", k=k))
    with open(os.path.join(site, "content", "begrippen.yaml"), "w", encoding="utf-8") as f:
        for k in range(1, 101):
            f.write(f"- term: Begrip {k}\n  definition: Uitleg van begrip {k}.\n")
    for k in range(args.n + 1):
        write_page(os.path.join(site, "content", f"zz-los-{k:03d}.md"), f"Losse pagina {k}")


def write_page(path, title):
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"---\ntitle: \"{title}\"\n---\nEen pagina waar geen pagina naar linkt.\n")


def default_file(site):
    if args.file:
        return args.file
    if args.pages:
        names = sorted(n for n in os.listdir(os.path.join(site, "content"))
                       if n.endswith(".md") and n[0].isdigit())
        return "content/" + names[len(names) // 2]
    return "content/beleidsplan/04-signalering.md"


tmp = tempfile.mkdtemp()
site = os.path.join(tmp, "site")
if args.pages:
    generate(site, args.pages)
else:
    ignore = shutil.ignore_patterns("target", "public", ".git", "node_modules", "tests", "bench")
    shutil.copytree(args.site, site, ignore=ignore)
proc = subprocess.Popen([args.bin, "serve", "--watch", "--port", "0", "--root", site],
                        stdout=subprocess.PIPE, text=True,
                        stderr=open(os.environ["SERVE_LOG"], "w") if os.environ.get("SERVE_LOG") else subprocess.DEVNULL)


def edits(mode):
    """One function per save: it changes the site (called with the save's number)."""
    page = os.path.join(site, default_file(site))
    original = open(page, encoding="utf-8").read()
    if mode == "body":
        return lambda i: open(page, "w", encoding="utf-8").write(original + f"\n\nBewerking {i}.\n")
    if mode == "front-matter":
        head, _, rest = original.partition("\ntitle:")
        line, _, tail = rest.partition("\n")
        return lambda i: open(page, "w", encoding="utf-8").write(
            f"{head}\ntitle: \"Titel {i}\"\n{tail}")
    if mode == "new-page":
        return lambda i: write_page(os.path.join(site, "content", f"zz-nieuw-{i:03d}.md"), f"Nieuw {i}")
    if mode == "remove-page":
        if not args.pages:
            sys.exit("remove-page needs --pages (pages no page links to)")
        return lambda i: os.remove(os.path.join(site, "content", f"zz-los-{i:03d}.md"))
    if mode == "partner":
        path = os.path.join(site, "partners", "partner-07.yaml") if args.pages else \
            os.path.join(site, "partners", "fairwork.yaml")
        text = open(path, encoding="utf-8").read()
        return lambda i: open(path, "w", encoding="utf-8").write(
            "\n".join(f"summary: Samenvatting {i}." if l.startswith("summary:") else l
                      for l in text.split("\n")))
    if mode == "glossary":
        path = os.path.join(site, "content", "begrippen.yaml")
        text = open(path, encoding="utf-8").read()
        return lambda i: open(path, "w", encoding="utf-8").write(
            text + f"- term: Meetbegrip\n  definition: Uitleg {i}.\n")


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
    pages = args.pages or "bundled"
    for mode in modes:
        edit = edits(mode)
        times = []
        for i in range(args.n):
            t0 = time.perf_counter()
            edit(i)
            t1, name = events.get(timeout=30)
            if name != "reload":
                sys.exit(f"{mode}: unexpected event {name}")
            times.append((t1 - t0) * 1000)
            # Past the background search update's pause, as an editor between saves.
            time.sleep(0.6)
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        print(f"{mode:<13} {pages} pages, {args.n} saves: save → reload event median "
              f"{statistics.median(times):.0f} ms, p95 {p95:.0f} ms, min {times[0]:.0f} ms, "
              f"max {times[-1]:.0f} ms", flush=True)
finally:
    proc.kill()
    shutil.rmtree(tmp, ignore_errors=True)
