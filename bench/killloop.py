#!/usr/bin/env python3
"""Kill loop: is the output folder always the whole old build or the whole new one?

Generates a corpus with gen_corpus.py (--layout plain), makes two versions of it (every page's
title changed, so every page and the search index differ), records the complete output of each,
then runs KILLS rebuilds from one version to the other into the same --out, each SIGKILLed at a
random moment. After each kill the output must equal the previous build or the new one exactly
(every path and every byte); then the next build must succeed, equal the new version, and leave
no staging or .old folder beside the output. Builds alternate direction (old->new, new->old).

    bench/killloop.py [KILLS]            default 30 kills of a 3,000-page site
    PAGES=3000 KW=target/release/ketenwijzer bench/killloop.py   (GEN_CORPUS=… picks another generator)
    BENCH_DIR=/dev/shm bench/killloop.py

Exit status 0 only if no kill left a mixed output and every follow-up build was clean.
Not a cargo test: it needs a release binary and a minute or two.
"""

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def find_gen():
    candidates = [
        os.environ.get("GEN_CORPUS", ""),
        os.path.join(REPO, "bench", "gen_corpus.py"),
    ]
    for c in candidates:
        if c and os.path.isfile(c):
            return c
    sys.exit("gen_corpus.py not found: set GEN_CORPUS=/path/to/gen_corpus.py")


def find_bin():
    kw = os.environ.get("KW")
    if kw:
        return os.path.abspath(kw)
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=REPO, check=True)
    return os.path.join(REPO, "target", "release", "ketenwijzer")


def snapshot(out):
    """Every entry under out: files by sha256, symlinks by target, folders as such."""
    tree = {}
    for dirpath, dirnames, filenames in os.walk(out):
        rel_dir = os.path.relpath(dirpath, out)
        for d in list(dirnames):
            p = os.path.join(dirpath, d)
            rel = os.path.normpath(os.path.join(rel_dir, d))
            if os.path.islink(p):
                tree[rel] = "link:" + os.readlink(p)
                dirnames.remove(d)
            else:
                tree[rel] = "dir"
        for f in filenames:
            p = os.path.join(dirpath, f)
            rel = os.path.normpath(os.path.join(rel_dir, f))
            if os.path.islink(p):
                tree[rel] = "link:" + os.readlink(p)
            else:
                with open(p, "rb") as fh:
                    tree[rel] = hashlib.sha256(fh.read()).hexdigest()
    return tree


def strays(parent, out_name):
    """Staging or .old folders of ketenwijzer left beside the output."""
    return sorted(
        n for n in os.listdir(parent)
        if n.startswith("." + out_name + ".staging-") or n.startswith("." + out_name + ".old-")
    )


def build(kw, root, out):
    t = time.monotonic()
    p = subprocess.run([kw, "build", "--root", root, "--out", out],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return p.returncode, time.monotonic() - t, p.stderr


def main():
    kills = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    pages = int(os.environ.get("PAGES", "3000"))
    seed = int(os.environ.get("SEED", "17"))
    rng = random.Random(seed)
    gen, kw = find_gen(), find_bin()
    work = tempfile.mkdtemp(prefix="kw-kill.", dir=os.environ.get("BENCH_DIR") or None)
    try:
        old_root, new_root = os.path.join(work, "old"), os.path.join(work, "new")
        subprocess.run([sys.executable, gen, old_root, "--layout", "plain", "-n", str(pages)],
                       check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(old_root, "site.yaml"), "w") as fh:
            fh.write("title: Bench\nbase_url: https://example.org/\nkeep_order_prefix: true\n")
        shutil.copytree(old_root, new_root)
        changed = 0
        for dirpath, _, files in os.walk(os.path.join(new_root, "content")):
            for f in files:
                if not f.endswith(".md"):
                    continue
                p = os.path.join(dirpath, f)
                with open(p, encoding="utf-8") as fh:
                    text = fh.read()
                new = text.replace('\ntitle: "', '\ntitle: "Nieuw ', 1)
                if new == text:
                    new = text + "\nNieuwe alinea.\n"
                with open(p, "w", encoding="utf-8") as fh:
                    fh.write(new)
                changed += 1

        out = os.path.join(work, "out")
        versions = {}
        for name, root in (("new", new_root), ("old", old_root)):
            code, secs, err = build(kw, root, out)
            if code != 0:
                sys.exit(f"complete {name} build failed:\n{err[:2000]}")
            versions[name] = snapshot(out)
        if versions["old"] == versions["new"]:
            sys.exit("the two versions give the same output; nothing to test")
        differ = sum(1 for k in versions["old"] if versions["new"].get(k) != versions["old"][k])
        code, full, err = build(kw, new_root, out)  # a full rebuild old -> new, timed
        code, full2, err = build(kw, old_root, out)
        full = max(full, full2)
        print(f"{pages} pages, {changed} edited, {len(versions['old'])} entries, "
              f"{differ} differ; full rebuild {full:.2f} s; binary {kw}")

        counts = {"previous": 0, "new": 0, "mixed": 0, "finished": 0}
        problems = []
        state = "old"
        for i in range(kills):
            target = "new" if state == "old" else "old"
            root = new_root if target == "new" else old_root
            # Half the kills anywhere, half in the last 40% (rendering done, the write phase).
            at = rng.uniform(0, full * 1.05) if i % 2 == 0 else rng.uniform(full * 0.6, full * 1.05)
            proc = subprocess.Popen([kw, "build", "--root", root, "--out", out],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(at)
            finished = proc.poll() is not None
            if not finished:
                proc.send_signal(signal.SIGKILL)
            proc.wait()
            now = snapshot(out) if os.path.isdir(out) else {}
            if finished:
                verdict = "finished"
                if now != versions[target]:
                    problems.append(f"kill {i}: the build finished but the output is not {target}")
            elif now == versions[state]:
                verdict = "previous"
            elif now == versions[target]:
                verdict = "new"
            else:
                verdict = "mixed"
                a = sum(1 for k, v in now.items() if versions[state].get(k) == v)
                b = sum(1 for k, v in now.items() if versions[target].get(k) == v)
                problems.append(f"kill {i} at {at:.3f} s: mixed output ({len(now)} entries, "
                                f"{a} as before, {b} as the new build)")
            counts[verdict] += 1
            left = strays(work, "out")
            code, secs, err = build(kw, root, out)
            after = snapshot(out) if os.path.isdir(out) else {}
            clean = code == 0 and after == versions[target] and not strays(work, "out")
            if not clean:
                problems.append(f"kill {i}: the next build (exit {code}) "
                                f"{'matches' if after == versions[target] else 'does not match'} "
                                f"{target}; left beside out: {strays(work, 'out')}\n{err}")
            print(f"kill {i:2d} at {at:5.3f} s ({state}->{target}): {verdict:8s} "
                  f"leftover folders after kill: {len(left)}; next build "
                  f"{'ok' if clean else 'NOT CLEAN'} in {secs:.2f} s")
            state = target
        print(f"\n{kills} kills: {counts['previous']} previous build, {counts['new']} new build, "
              f"{counts['mixed']} mixed, {counts['finished']} finished before the kill")
        for p in problems:
            print("PROBLEM:", p)
        return 1 if problems else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
