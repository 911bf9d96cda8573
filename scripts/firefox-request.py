#!/usr/bin/env python3
"""An encrypted request's page in real Firefox: the sender's browser encrypts and uploads a file,
then `s3share get` opens it with the requester's key. Not part of CI.

Against the tests' S3 server by default, or a Ceph RGW started by scripts/rgw.sh (`--rgw
DIR/s3.env`), which takes POSTs of 64 MiB chunks that s3s-fs's form parser refuses: use it for
files over 64 MiB. Prints the time from choosing the file to "done", the throughput, and
Firefox's peak memory (the resident sets of all its processes, sampled every 0.2 s).

Needs what scripts/firefox-encrypted.py needs: firefox-esr, python3 with `websockets`, a built
s3share (the script runs `cargo build`).

    python3 scripts/firefox-request.py [--mib SIZE] [--rgw DIR/s3.env] [--firefox PATH]
"""

import argparse
import asyncio
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

import websockets

HERE = os.path.dirname(os.path.abspath(__file__))


def _load(name, file):
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, file))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ff = _load("firefox_encrypted", "firefox-encrypted.py")
folder = _load("firefox_folder", "firefox-folder.py")


def rgw_settings(path):
    """Endpoint and keys from the file scripts/rgw.sh writes."""
    values = dict(line.split("=", 1) for line in open(path).read().splitlines() if "=" in line)
    return values["AWS_ENDPOINT_URL"], values["AWS_ACCESS_KEY_ID"], values["AWS_SECRET_ACCESS_KEY"]


def run(endpoint, keys, home, *args):
    env = {
        "PATH": os.environ["PATH"], "HOME": home,
        "XDG_CONFIG_HOME": os.path.join(home, ".config"), "XDG_DATA_HOME": os.path.join(home, ".data"),
        "AWS_ACCESS_KEY_ID": keys[0], "AWS_SECRET_ACCESS_KEY": keys[1],
        "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": endpoint, "AWS_EC2_METADATA_DISABLED": "true",
    }
    return subprocess.run([os.path.join(ff.ROOT, "target/debug/s3share"), *args], env=env, cwd=home,
                          check=True, capture_output=True, text=True).stdout


async def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mib", type=int, default=20)
    parser.add_argument("--rgw", help="the s3.env file of a gateway started by scripts/rgw.sh")
    parser.add_argument("--firefox", default=shutil.which("firefox-esr") or "firefox")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="s3share-ff-request-")
    home, downloads = os.path.join(work, "home"), os.path.join(work, "downloads")
    os.makedirs(home)
    os.mkdir(downloads)
    source = os.path.join(work, "Quarterly report.pdf")
    with open(source, "wb") as f:
        block = os.urandom(1 << 20)
        for _ in range(args.mib):
            f.write(block)
    with open(source, "rb") as f:
        want = hashlib.sha256(f.read()).hexdigest()
    subprocess.run(["cargo", "build", "--quiet", "--bin", "s3share"], cwd=ff.ROOT, check=True)
    server = None
    if args.rgw:
        endpoint, *keys = rgw_settings(args.rgw)
        bucket = f"ff-{uuid.uuid4().hex[:12]}"
        # A bucket of its own, made with the gateway's keys (curl signs with SigV4).
        empty = hashlib.sha256(b"").hexdigest()
        subprocess.run(["curl", "-sSf", "-X", "PUT", "--aws-sigv4", "aws:amz:us-east-1:s3",
                        "-H", f"x-amz-content-sha256: {empty}",
                        "--user", f"{keys[0]}:{keys[1]}", f"{endpoint}/{bucket}"], check=True)
    else:
        server, endpoint, _ = ff.start_server()
        keys, bucket = [ff.ACCESS_KEY, ff.SECRET_KEY], "bkt"
    port = ff.free_port()
    profile_dir = ff.profile(downloads)
    firefox = ff.launch(args.firefox, profile_dir, port)
    try:
        version = subprocess.run([args.firefox, "--version"], capture_output=True, text=True).stdout.strip()
        record = json.loads(run(endpoint, keys, home, "request", "--json", "--encrypt", f"s3://{bucket}/in/"))

        await ff.listening(firefox)
        async with websockets.connect(f"ws://127.0.0.1:{port}/session", max_size=None) as ws:
            bidi, context = await ff.session(ws)
            await bidi.call("browsingContext.navigate", context=context, url=record["url"], wait="complete")
            await bidi.wait_for(context, "document.getElementById('app').dataset.encryption === 'ready'", 60)
            found = await bidi.call("browsingContext.locateNodes", context=context,
                                    locator={"type": "css", "value": "#file-input"})
            node = found["nodes"][0]
            memory = folder.PeakMemory(firefox.pid)
            chosen = time.monotonic()
            await bidi.call("input.setFiles", context=context,
                            element={"sharedId": node["sharedId"]}, files=[source])
            await bidi.wait_for(context, "['done', 'partial', 'failed'].indexOf(document.body.dataset.state) >= 0", 1800)
            took = time.monotonic() - chosen
            memory.stop()
            state = await bidi.evaluate(context, "document.body.dataset.state")
            status = await bidi.evaluate(
                context, "(document.querySelector('#file-list li') || {}).textContent || ''")
            ff.print_console(bidi)
            await bidi.call("browser.close")
        got_dir = os.path.join(work, "got")
        run(endpoint, keys, home, "get", f"s3://{bucket}/in/", "-o", got_dir + "/")
        with open(os.path.join(got_dir, os.path.basename(source)), "rb") as f:
            got = hashlib.sha256(f.read()).hexdigest()
        print(f"{version}: {args.mib} MiB through an encrypted request ({'RGW' if args.rgw else 's3s-fs'}): "
              f"'{state}' {took:.2f} s after choosing the file ({args.mib / took:.1f} MiB/s); "
              f"get opens it: {'same bytes' if got == want else 'DIFFERENT BYTES'}; Firefox's memory {memory}")
        print(f"  page: {status.strip()[:200]}")
        ok = state == "done" and got == want
        print("OK" if ok else "FAILED")
        return 0 if ok else 1
    finally:
        ff.stop(firefox, server, work, profile_dir)


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
