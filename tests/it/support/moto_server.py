"""moto's server with the CloudFront key-group calls it lacks (moto 5.2), as CloudFront documents
them: UpdateKeyGroup (replace the keys, If-Match required) and DeletePublicKey refusing a key
that a key group still holds (PublicKeyInUse), so `cdn rotate` is tested against what CloudFront
would do. Run as moto_server is: python moto_server.py -H 127.0.0.1 -p PORT."""

import random
import string
import sys

from moto.cloudfront import models, responses
from moto.cloudfront.exceptions import CloudFrontException
from moto.core.responses import ActionResult
from moto.server import main


def _etag():
    return "".join(random.choices(string.ascii_uppercase + string.digits, k=14))


def update_key_group(self):
    group_id = self._get_param("Id")
    if not self.headers.get("If-Match"):
        raise CloudFrontException("InvalidIfMatchVersion", "If-Match is required")
    if group_id not in self.backend.key_groups:
        raise CloudFrontException("NoSuchResource", f"no key group {group_id}")
    group = self.backend.key_groups[group_id]
    group.name = self._get_param("KeyGroupConfig.Name")
    group.items = self._get_param("KeyGroupConfig.Items", [])
    group.etag = _etag()
    return ActionResult({"KeyGroup": group, "ETag": group.etag})


_delete_public_key = models.CloudFrontBackend.delete_public_key


def delete_public_key(self, key_id):
    if any(key_id in group.items for group in self.key_groups.values()):
        raise CloudFrontException(
            "PublicKeyInUse", "The specified public key is in use by a key group."
        )
    return _delete_public_key(self, key_id)


_get_public_key = models.CloudFrontBackend.get_public_key


def get_public_key(self, key_id):
    if key_id not in self.public_keys:
        raise CloudFrontException("NoSuchPublicKey", f"no public key {key_id}")
    return _get_public_key(self, key_id)


responses.CloudFrontResponse.update_key_group = update_key_group
models.CloudFrontBackend.delete_public_key = delete_public_key
models.CloudFrontBackend.get_public_key = get_public_key

if __name__ == "__main__":
    sys.exit(main())
