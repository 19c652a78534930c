"""S3 object writes authorised per object, as AWS does: CopyObject's source, DeleteObjects'
keys.

Targets moto 5.2.5 (`moto/s3/responses.py`, `S3Response`). Stock moto:
- authorises CopyObject (and UploadPartCopy) as `s3:PutObject` on the destination only,
  so whoever may write somewhere can copy any object there and read it;
- authorises DeleteObjects as `s3:DeleteObject` on the *bucket* ARN, which no per-prefix
  policy matches: the whole request is refused, even for the caller's own keys.

Here:
- a PUT with `x-amz-copy-source` also needs `s3:GetObject` on the source object
  (`arn:aws:s3:::<bucket>/<key>`, the header URL-decoded, `?versionId=` dropped); refused:
  403 `AccessDenied`;
- DeleteObjects (`POST /<bucket>?delete`) is authorised key by key (`s3:DeleteObject` on
  each object's ARN): the keys allowed are deleted and listed under `<Deleted>`, the others
  answered in the same 200 reply as `<Error><Key/><Code>AccessDenied</Code>…` (with
  `<Quiet>true</Quiet>` only the errors), as S3 does. A request that is not signed, or
  whose signature or credentials fail, is refused as a whole, as before.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlparse

import xmltodict
from moto.core.authorization import ActionAuthenticatorMixin
from moto.s3.exceptions import MalformedXML
from moto.s3.responses import S3Response

from .errors import S3Error


def _copy_source(header: Any) -> tuple[str, str] | None:
    if isinstance(header, bytes):
        header = header.decode("utf-8")
    if not isinstance(header, str) or not header:
        return None
    path = unquote(urlparse(header).path).lstrip("/")
    if "/" not in path:
        return None
    bucket, key = path.split("/", 1)
    return bucket, key


def _authorize_as(self: S3Response, action: str, bucket: str, key: str | None) -> None:
    """Run the auth check for another action/resource than the request's own."""
    saved = self.data.get("Action")
    self.data["Action"] = action
    try:
        ActionAuthenticatorMixin._authenticate_and_authorize_s3_action(self, bucket, key)
    finally:
        self.data["Action"] = saved


def _authorize_s3(self: S3Response, bucket_name: str | None = None, key_name: str | None = None):
    """S3Response._authenticate_and_authorize_s3_action with the per-object rules."""
    if key_name is None and bucket_name and self.data.get("Action") == "DeleteObject":
        if self.is_delete_keys():
            return  # authorised key by key in _delete_keys
    ActionAuthenticatorMixin._authenticate_and_authorize_s3_action(self, bucket_name, key_name)
    if key_name is not None and self.method == "PUT":
        source = _copy_source(self.headers.get("x-amz-copy-source"))
        if source is not None:
            _authorize_as(self, "GetObject", *source)


def _signed(self: S3Response) -> bool:
    query = urlparse(self.uri).query
    return "Authorization" in self.headers or "X-Amz-Signature=" in query


def _delete_keys(self: S3Response, bucket_name: str, authenticated: bool = True):
    """DeleteObjects with s3:DeleteObject decided for each key."""
    body = xmltodict.parse(self.body, strip_whitespace=False)
    delete = body.get("Delete") or {}
    objects = delete.get("Object", [])
    if not isinstance(objects, list):
        objects = [objects]
    if not objects:
        if not _signed(self):
            raise S3Error("AccessDenied", "Access Denied", 403)
        raise MalformedXML()
    quiet = str(delete.get("Quiet", "false")).lower() == "true"
    allowed, errors = [], []
    for obj in objects:
        try:
            _authorize_as(self, "DeleteObject", bucket_name, obj["Key"])
        except S3Error as error:
            if error.error_code != "AccessDenied" or not _signed(self):
                raise
            errors.append({"Key": obj["Key"], "Code": "AccessDenied", "Message": "Access Denied"})
            continue
        allowed.append(obj)
    bypass = self.headers.get("x-amz-bypass-governance-retention", "").lower() == "true"
    deleted, locked = (
        self.backend.delete_objects(bucket_name, allowed, bypass) if allowed else ([], [])
    )
    errors += [
        {
            "Key": key,
            "Code": "AccessDenied",
            "Message": "Access Denied because object protected by object lock.",
        }
        for key in locked
    ]
    deleted_objects = [
        {
            "Key": k,
            "VersionId": v or None,
            "DeleteMarkerVersionId": dv or None,
            "DeleteMarker": True if dv else None,
        }
        for k, v, dv in deleted
    ]
    from moto.core.responses import ActionResult

    self.data["Action"] = "DeleteObjects"
    return self.serialized(
        ActionResult({"Deleted": [] if quiet else deleted_objects, "Errors": errors})
    )


def apply() -> None:
    """Install the per-object authorisation into moto's S3Response."""
    S3Response._authenticate_and_authorize_s3_action = _authorize_s3
    S3Response._bucket_response_delete_keys = _delete_keys


__all__ = ["apply"]
