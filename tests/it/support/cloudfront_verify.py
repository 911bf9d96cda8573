"""An independent check of CloudFront signed URLs: botocore's CloudFrontSigner builds the policy
bytes and the URL, and the `cryptography` package verifies the signature over those bytes.

Usage: cloudfront_verify.py PUBLIC_KEY.pem < urls   (one URL a line; prints `ok URL` for each,
exits 1 at the first that does not check out)
"""
import base64
import datetime
import json
import sys

from botocore.signers import CloudFrontSigner
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa


def b64decode(text):
    return base64.b64decode(text.replace("-", "+").replace("_", "=").replace("~", "/"))


def main():
    with open(sys.argv[1], "rb") as f:
        public = serialization.load_pem_public_key(f.read())
    for line in sys.stdin:
        url = line.strip()
        if not url:
            continue
        assert url.endswith("&Hash-Algorithm=SHA256"), url
        signed = url[: -len("&Hash-Algorithm=SHA256")]
        # The resource is the URL without CloudFront's parameters; its own query (a
        # response-content-disposition) stays in it, before them.
        path, _, params = signed.partition("?")
        pairs = [p.split("=", 1) for p in params.split("&")]
        signing = {"Expires", "Policy", "Signature", "Key-Pair-Id"}
        fields = {name: value for name, value in pairs if name in signing}
        kept = "&".join(f"{name}={value}" for name, value in pairs if name not in signing)
        base = f"{path}?{kept}" if kept else path
        signature = b64decode(fields["Signature"])
        verified = []

        def signer(message):
            if isinstance(public, ec.EllipticCurvePublicKey):
                assert isinstance(public.curve, ec.SECP256R1)
                public.verify(signature, message, ec.ECDSA(hashes.SHA256()))
            else:
                assert isinstance(public, rsa.RSAPublicKey) and public.key_size == 2048
                public.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
            verified.append(message)
            return signature

        cf = CloudFrontSigner(fields["Key-Pair-Id"], signer)
        if "Expires" in fields:
            when = datetime.datetime.fromtimestamp(int(fields["Expires"]), datetime.timezone.utc)
            expected = cf.generate_presigned_url(base, date_less_than=when)
        else:
            statement = json.loads(b64decode(fields["Policy"]))["Statement"][0]
            when = datetime.datetime.fromtimestamp(
                statement["Condition"]["DateLessThan"]["AWS:EpochTime"], datetime.timezone.utc
            )
            policy = cf.build_policy(statement["Resource"], when)
            assert policy.encode() == b64decode(fields["Policy"]), "policy bytes differ"
            expected = cf.generate_presigned_url(base, policy=policy)
        assert verified, url
        if expected != signed:
            print(f"botocore: {expected}\ns3share:  {signed}", file=sys.stderr)
            sys.exit(1)
        print("ok", url)


main()
