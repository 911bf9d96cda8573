"""An independent HPKE (RFC 9180) for the tests: Python `cryptography`'s, suite
DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, base mode, single-shot, no AAD.

    hpke.py seal PUBLIC_HEX INFO_HEX   < plaintext hex  > enc||ciphertext hex
    hpke.py open PRIVATE_HEX INFO_HEX  < enc||ciphertext hex  > plaintext hex
    hpke.py public PRIVATE_HEX ''        > the public key, hex
"""

import sys

from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_128_GCM)


def main():
    mode, key, info = sys.argv[1], bytes.fromhex(sys.argv[2]), bytes.fromhex(sys.argv[3])
    if mode == "public":
        print(X25519PrivateKey.from_private_bytes(key).public_key().public_bytes_raw().hex())
        return
    data = bytes.fromhex(sys.stdin.read().strip())
    if mode == "seal":
        out = SUITE.encrypt(data, X25519PublicKey.from_public_bytes(key), info=info)
    else:
        out = SUITE.decrypt(data, X25519PrivateKey.from_private_bytes(key), info=info)
    print(out.hex())


main()
