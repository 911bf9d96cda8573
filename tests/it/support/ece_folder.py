"""An encrypted folder read by an independent RFC 8188 implementation (http_ece, PyPI).

check KEY MANIFEST ROOT: decrypts the manifest with the link's key, then every file's object
    (ROOT/<chunk key>) with its own key; checks size, SHA-256 and CRC-32 against the manifest
    and prints one JSON line: {"name": ..., "files": [names]}.
rename KEY MANIFEST JSON: decrypts the manifest, renames files by the JSON map {old: new},
    and writes it back encrypted (a fresh salt, records of 65,536 bytes), as someone who held
    the key and could write to the bucket would.
"""
import base64
import hashlib
import json
import sys
import zlib

import http_ece


def key_of(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def open_manifest(key, path):
    with open(path, "rb") as f:
        return json.loads(http_ece.decrypt(f.read(), key=key_of(key), version="aes128gcm"))


def main():
    mode, key, manifest_path = sys.argv[1:4]
    manifest = open_manifest(key, manifest_path)
    if mode == "check":
        root = sys.argv[4]
        for file in manifest["files"]:
            [chunk] = file["chunks"]
            with open(f"{root}/{chunk['key']}", "rb") as f:
                body = f.read()
            assert len(body) == chunk["size"], file["name"]
            plain = http_ece.decrypt(body, key=key_of(file["key"]), version="aes128gcm")
            assert len(plain) == file["size"], file["name"]
            assert hashlib.sha256(plain).hexdigest() == file["sha256"], file["name"]
            assert zlib.crc32(plain) == file["crc32"], file["name"]
        print(json.dumps({"name": manifest.get("name"),
                          "files": [f["name"] for f in manifest["files"]]}))
    elif mode == "rename":
        renames = json.loads(sys.argv[4])
        for file in manifest["files"]:
            file["name"] = renames.get(file["name"], file["name"])
        sealed = http_ece.encrypt(json.dumps(manifest).encode(), key=key_of(key),
                                  version="aes128gcm", rs=65536)
        with open(manifest_path, "wb") as f:
            f.write(sealed)
    else:
        sys.exit(f"unknown mode {mode}")


main()
