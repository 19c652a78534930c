"""Each user's own S3 folder, `private/${cognito-identity.amazonaws.com:sub}/`, enforced by
the authenticated role's policy variables: objects, copies, batch deletes and multipart
uploads with identity-pool credentials; another user's folder and guests refused."""

from urllib.parse import quote

import pytest

from data_helpers import BUCKET, alice, bob, denied, error_code, guest, status_of  # noqa: F401
from test_presigned import presign


def test_users_have_the_seeded_identities(stack, alice, bob):
    for name, user in (("demo", alice), ("other", bob)):
        tokens = stack.password_sign_in(
            stack["users"][name]["username"], stack["users"][name]["password"]
        )
        identity_id = stack.identity().get_id(
            IdentityPoolId=stack["identityPoolId"], Logins={stack.provider(): tokens["IdToken"]}
        )["IdentityId"]
        assert identity_id == user.identity_id
    assert alice.identity_id != bob.identity_id


def test_user_reads_own_seeded_file(alice):
    reply = alice.s3.get_object(Bucket=BUCKET, Key=alice.folder + "welcome.txt")
    assert reply["Body"].read() == b"Welcome, demo: only you can read this.\n"


def test_user_writes_reads_heads_copies_and_deletes_in_own_folder(alice):
    key = alice.folder + "notes/today.txt"
    put = alice.s3.put_object(Bucket=BUCKET, Key=key, Body=b"my notes", ContentType="text/plain")
    head = alice.s3.head_object(Bucket=BUCKET, Key=key)
    assert head["ETag"] == put["ETag"] and head["ContentLength"] == 8
    assert alice.s3.get_object(Bucket=BUCKET, Key=key)["Body"].read() == b"my notes"
    copy = alice.folder + "notes/copy.txt"
    alice.s3.copy_object(Bucket=BUCKET, Key=copy, CopySource={"Bucket": BUCKET, "Key": key})
    assert alice.s3.get_object(Bucket=BUCKET, Key=copy)["Body"].read() == b"my notes"
    listed = alice.s3.list_objects_v2(Bucket=BUCKET, Prefix=alice.folder + "notes/")
    assert sorted(o["Key"] for o in listed["Contents"]) == [copy, key]
    alice.s3.delete_object(Bucket=BUCKET, Key=copy)
    reply = alice.s3.delete_objects(Bucket=BUCKET, Delete={"Objects": [{"Key": key}]})
    assert [d["Key"] for d in reply["Deleted"]] == [key] and not reply.get("Errors")
    assert alice.s3.list_objects_v2(Bucket=BUCKET, Prefix=alice.folder + "notes/")["KeyCount"] == 0


def test_user_uploads_in_parts_lists_and_aborts(alice):
    key = alice.folder + "big.bin"
    part = b"x" * (5 * 1024 * 1024)
    upload = alice.s3.create_multipart_upload(Bucket=BUCKET, Key=key)["UploadId"]
    etags = [
        alice.s3.upload_part(Bucket=BUCKET, Key=key, UploadId=upload, PartNumber=n, Body=body)[
            "ETag"
        ]
        for n, body in ((1, part), (2, b"tail"))
    ]
    parts = alice.s3.list_parts(Bucket=BUCKET, Key=key, UploadId=upload)["Parts"]
    assert [p["ETag"] for p in parts] == etags
    uploads = alice.s3.list_multipart_uploads(Bucket=BUCKET, Prefix=alice.folder)
    assert [u["UploadId"] for u in uploads["Uploads"]] == [upload]
    alice.s3.complete_multipart_upload(
        Bucket=BUCKET,
        Key=key,
        UploadId=upload,
        MultipartUpload={"Parts": [{"PartNumber": n + 1, "ETag": e} for n, e in enumerate(etags)]},
    )
    assert alice.s3.head_object(Bucket=BUCKET, Key=key)["ContentLength"] == len(part) + 4

    aborted = alice.s3.create_multipart_upload(Bucket=BUCKET, Key=key + ".2")["UploadId"]
    alice.s3.upload_part(Bucket=BUCKET, Key=key + ".2", UploadId=aborted, PartNumber=1, Body=b"a")
    alice.s3.abort_multipart_upload(Bucket=BUCKET, Key=key + ".2", UploadId=aborted)
    assert "Uploads" not in alice.s3.list_multipart_uploads(Bucket=BUCKET, Prefix=alice.folder)
    alice.s3.delete_object(Bucket=BUCKET, Key=key)


def test_user_cannot_touch_other_users_folder(alice, bob):
    theirs = bob.folder + "welcome.txt"
    for call, kwargs in (
        (alice.s3.get_object, {"Key": theirs}),
        (alice.s3.put_object, {"Key": bob.folder + "planted.txt", "Body": b"x"}),
        (alice.s3.delete_object, {"Key": theirs}),
        (alice.s3.create_multipart_upload, {"Key": bob.folder + "big.bin"}),
    ):
        excinfo = denied(call, Bucket=BUCKET, **kwargs)
        assert (error_code(excinfo), status_of(excinfo)) == ("AccessDenied", 403)
    excinfo = denied(alice.s3.head_object, Bucket=BUCKET, Key=theirs)
    assert status_of(excinfo) == 403
    assert bob.s3.get_object(Bucket=BUCKET, Key=theirs)["Body"].read().startswith(b"Welcome, other")


def test_access_denied_is_s3_xml(stack, alice, bob):
    path = quote(f"/{BUCKET}/{bob.folder}welcome.txt")
    request = stack.signed("GET", path, alice.credentials)
    status, headers, body = stack.send_signed(request)
    assert status == 403 and headers["content-type"] == "application/xml"
    assert b"<Code>AccessDenied</Code>" in body and b"Welcome" not in body


def test_copying_another_users_object_is_refused(alice, bob):
    excinfo = denied(
        alice.s3.copy_object,
        Bucket=BUCKET,
        Key=alice.folder + "stolen.txt",
        CopySource={"Bucket": BUCKET, "Key": bob.folder + "welcome.txt"},
    )
    assert error_code(excinfo) == "AccessDenied"
    assert alice.s3.list_objects_v2(Bucket=BUCKET, Prefix=alice.folder + "stolen")["KeyCount"] == 0


def test_batch_delete_is_decided_per_key(alice, bob):
    mine = alice.folder + "batch.txt"
    alice.s3.put_object(Bucket=BUCKET, Key=mine, Body=b"1")
    theirs = bob.folder + "welcome.txt"
    reply = alice.s3.delete_objects(
        Bucket=BUCKET, Delete={"Objects": [{"Key": mine}, {"Key": theirs}]}
    )
    assert [d["Key"] for d in reply["Deleted"]] == [mine]
    assert [(e["Key"], e["Code"]) for e in reply["Errors"]] == [(theirs, "AccessDenied")]
    assert bob.s3.head_object(Bucket=BUCKET, Key=theirs)["ContentLength"] > 0
    quiet = alice.s3.delete_objects(
        Bucket=BUCKET, Delete={"Objects": [{"Key": theirs}], "Quiet": True}
    )
    assert [e["Code"] for e in quiet["Errors"]] == ["AccessDenied"] and not quiet.get("Deleted")


@pytest.mark.parametrize(
    "prefix", ["private/", "private/eu", "", "top", "{other}", "{other}sub/", "{mine}"]
)
def test_listing_outside_own_prefix_is_refused(alice, bob, prefix):
    # `{mine}` without its slash: the policy's pattern is `private/${sub}/*`.
    prefix = prefix.format(other=bob.folder, mine=alice.folder.rstrip("/"))
    excinfo = denied(alice.s3.list_objects_v2, Bucket=BUCKET, Prefix=prefix)
    assert error_code(excinfo) == "AccessDenied"


def test_listing_own_prefix_and_public(alice):
    own = alice.s3.list_objects_v2(Bucket=BUCKET, Prefix=alice.folder)
    assert alice.folder + "welcome.txt" in [o["Key"] for o in own["Contents"]]
    assert alice.s3.list_objects_v2(Bucket=BUCKET, Prefix="public/", Delimiter="/")["Contents"]


def test_listing_uploads_needs_own_prefix(alice, bob):
    for prefix in (bob.folder, "private/", None):
        kwargs = {"Prefix": prefix} if prefix is not None else {}
        excinfo = denied(alice.s3.list_multipart_uploads, Bucket=BUCKET, **kwargs)
        assert error_code(excinfo) == "AccessDenied"


def test_shared_private_files_are_no_longer_readable(alice):
    excinfo = denied(alice.s3.get_object, Bucket=BUCKET, Key="private/secret.txt")
    assert error_code(excinfo) == "AccessDenied"


def test_public_stays_read_only_for_users(alice):
    assert alice.s3.get_object(Bucket=BUCKET, Key="public/readme.txt")["Body"].read()
    excinfo = denied(alice.s3.put_object, Bucket=BUCKET, Key="public/mine.txt", Body=b"x")
    assert error_code(excinfo) == "AccessDenied"


def test_guest_reads_public_and_writes_nothing(guest, alice):
    s3 = guest["s3"]
    assert s3.get_object(Bucket=BUCKET, Key="public/readme.txt")["Body"].read()
    for call, kwargs in (
        (s3.put_object, {"Key": "public/guest.txt", "Body": b"x"}),
        (s3.put_object, {"Key": alice.folder + "guest.txt", "Body": b"x"}),
        (s3.delete_object, {"Key": "public/readme.txt"}),
        (s3.create_multipart_upload, {"Key": "public/guest.bin"}),
        (s3.get_object, {"Key": alice.folder + "welcome.txt"}),
        (
            s3.copy_object,
            {
                "Key": "public/copy.txt",
                "CopySource": {"Bucket": BUCKET, "Key": "public/readme.txt"},
            },
        ),
    ):
        assert error_code(denied(call, Bucket=BUCKET, **kwargs)) == "AccessDenied"
    reply = s3.delete_objects(Bucket=BUCKET, Delete={"Objects": [{"Key": "public/readme.txt"}]})
    assert [e["Code"] for e in reply["Errors"]] == ["AccessDenied"]
    assert s3.head_object(Bucket=BUCKET, Key="public/readme.txt")["ContentLength"] > 0


def test_batch_delete_with_a_bad_signature_is_refused_whole(stack, alice):
    wrong = dict(alice.credentials, SecretKey="w" * 40)
    s3 = stack.client("s3", credentials=wrong)
    excinfo = denied(
        s3.delete_objects, Bucket=BUCKET, Delete={"Objects": [{"Key": alice.folder + "x"}]}
    )
    assert error_code(excinfo) == "SignatureDoesNotMatch"


def test_presigned_put_writes_own_folder_only(stack, alice, bob):
    def put(key, body):
        url = presign(stack, alice.credentials, key, expires=60, operation="put_object")
        return stack.send("PUT", url, {}, body)

    status, headers, _ = put(alice.folder + "presigned.txt", b"via url")
    assert status == 200 and headers["etag"]
    assert alice.s3.get_object(Bucket=BUCKET, Key=alice.folder + "presigned.txt")[
        "Body"
    ].read() == (b"via url")
    status, _, body = put(bob.folder + "presigned.txt", b"planted")
    assert status == 403 and b"<Code>AccessDenied</Code>" in body
