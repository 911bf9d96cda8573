#!/usr/bin/env python3
"""A folder page's "Download all" in real Firefox, through its service worker: not part of CI.

Starts the test S3 server, uploads a folder of mixed sizes with `s3share upload DIR
--share-folder`, writes the reference zip with `s3share get LINK --zip`, then opens the page in
headless Firefox (the WebDriver BiDi client of scripts/firefox-encrypted.py), clicks Download
all, and checks that the page says "done" and that the saved zip is byte for byte the CLI's.
Prints the time, the throughput and Firefox's peak memory (the resident sets of all its
processes, sampled every 0.2 s).

Needs what scripts/firefox-encrypted.py needs: firefox-esr, python3 with `websockets`, a built
s3share (the script runs `cargo build`).

With --encrypt, the folder is shared with `s3share upload --encrypt DIR` instead: the page opens
the manifest with the link's key and its worker decrypts every file into the zip.

    python3 scripts/firefox-folder.py [--mib TOTAL] [--files N] [--encrypt] [--firefox /usr/bin/firefox-esr]
"""

import argparse
import asyncio
import hashlib
import importlib.util
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time

import websockets

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("firefox_encrypted", os.path.join(HERE, "firefox-encrypted.py"))
ff = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ff)


def make_folder(root, total, count):
    """`count` files under `root` whose sizes add up to `total`: a few large, many small."""
    rng = random.Random(7)
    weights = [rng.paretovariate(1.2) for _ in range(count)]
    scale = total / sum(weights)
    sizes = [int(w * scale) for w in weights]
    sizes[0] += total - sum(sizes)
    block = os.urandom(1 << 20)
    for i, size in enumerate(sizes):
        path = os.path.join(root, f"dir{i % 7}", f"file {i:05}.bin")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            left = size
            while left > 0:
                f.write(block[: min(left, len(block))])
                left -= len(block)
    return sizes


def s3share(endpoint, home, *args):
    env = {
        "PATH": os.environ["PATH"], "HOME": home,
        "XDG_CONFIG_HOME": os.path.join(home, ".config"), "XDG_DATA_HOME": os.path.join(home, ".data"),
        "AWS_ACCESS_KEY_ID": ff.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": ff.SECRET_KEY,
        "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": endpoint, "AWS_EC2_METADATA_DISABLED": "true",
    }
    return subprocess.run([os.path.join(ff.ROOT, "target/debug/s3share"), *args], env=env, cwd=home,
                          check=True, capture_output=True, text=True).stdout


def firefox_rss(pid):
    """The resident set (bytes) of Firefox and every process below it."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return total


class PeakMemory:
    """The resident memory of Firefox's processes, sampled every 0.2 s on a thread from its
    start until `stop()`: before and at the peak."""

    def __init__(self, pid):
        self.pid = pid
        self.before = self.peak = firefox_rss(pid)
        self.sampling = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self):
        while self.sampling:
            self.peak = max(self.peak, firefox_rss(self.pid))
            time.sleep(0.2)

    def stop(self):
        self.sampling = False
        self.thread.join()
        return self

    def __str__(self):
        mib = 1048576
        return (f"{self.before / mib:.0f} MiB before, peak {self.peak / mib:.0f} MiB "
                f"(+{(self.peak - self.before) / mib:.0f} MiB)")


async def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mib", type=int, default=256, help="the folder's total size")
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--encrypt", action="store_true", help="an encrypted folder (upload --encrypt)")
    parser.add_argument("--firefox", default=shutil.which("firefox-esr") or "firefox")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="s3share-ff-folder-")
    home, downloads = os.path.join(work, "home"), os.path.join(work, "downloads")
    os.makedirs(os.path.join(home, "photos"))
    os.mkdir(downloads)
    make_folder(os.path.join(home, "photos"), args.mib << 20, args.files)
    subprocess.run(["cargo", "build", "--quiet", "--bin", "s3share"], cwd=ff.ROOT, check=True)
    server, endpoint, _ = ff.start_server()
    port = ff.free_port()
    profile_dir = ff.profile(downloads)
    firefox = ff.launch(args.firefox, profile_dir, port)
    try:
        version = subprocess.run([args.firefox, "--version"], capture_output=True, text=True).stdout.strip()
        if args.encrypt:
            out = s3share(endpoint, home, "upload", "--encrypt", "photos", "--to", "s3://bkt")
            link = out.strip()
        else:
            out = s3share(endpoint, home, "upload", "photos", "--to", "s3://bkt/photos/", "--share-folder")
            link = next(line for line in out.splitlines() if ".s3share/shares/" in line).strip()
        reference = os.path.join(work, "reference.zip")
        s3share(endpoint, home, "get", link, "--zip", reference)
        with open(reference, "rb") as f:
            want = hashlib.sha256(f.read()).hexdigest()
        size = os.path.getsize(reference)

        await ff.listening(firefox)
        async with websockets.connect(f"ws://127.0.0.1:{port}/session", max_size=None) as ws:
            bidi, context = await ff.session(ws)
            await bidi.call("browsingContext.navigate", context=context, url=link, wait="complete")
            await bidi.wait_for(context, "document.getElementById('all').hidden === false")
            memory = PeakMemory(firefox.pid)
            clicked = time.monotonic()
            await bidi.evaluate(context, "document.getElementById('download-all').click()", activate=True)
            await bidi.wait_for(context, "['done', 'failed'].indexOf(document.body.dataset.state) >= 0", 1800)
            took = time.monotonic() - clicked
            state = await bidi.evaluate(context, "document.body.dataset.state")
            status = await bidi.evaluate(context, "document.getElementById('status').textContent")
            saved = os.path.join(downloads, "photos.zip")
            finished = await asyncio.to_thread(ff.wait_for_file, saved, size, 300)
            memory.stop()
            with open(saved, "rb") as f:
                got = hashlib.sha256(f.read()).hexdigest()
            kind = "encrypted folder" if args.encrypt else "folder page"
            print(f"{version}, {kind}: {args.files} files, {size / 1048576:.0f} MiB zip: '{state}' "
                  f"{took:.2f} s after the click ({size / took / 1048576:.1f} MiB/s), file complete "
                  f"{finished - clicked:.2f} s after it; zip {'equals' if got == want else 'DIFFERS FROM'} "
                  f"get --zip's; Firefox's memory {memory}")
            print(f"  status: {status}")
            ff.print_console(bidi)
            await bidi.call("browser.close")
        ok = state == "done" and got == want
        print("OK" if ok else "FAILED")
        return 0 if ok else 1
    finally:
        ff.stop(firefox, server, work, profile_dir)


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
