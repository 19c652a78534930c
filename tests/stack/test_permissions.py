"""The two roles' permissions, enforced with real IAM evaluation (s3:prefix conditions),
and signed Cognito admin calls (the demo's pool map)."""

import pytest
from botocore.exceptions import ClientError


def _code(excinfo) -> str:
    return excinfo.value.response["Error"]["Code"]


def _list(stack, credentials, prefix, **extra):
    return stack.client("s3", credentials=credentials).list_objects_v2(
        Bucket="demo-bucket", Prefix=prefix, **extra
    )


def test_guest_can_list_and_read_public(stack, guest_credentials):
    reply = _list(stack, guest_credentials, "public/", Delimiter="/")
    assert "public/readme.txt" in [o["Key"] for o in reply["Contents"]]
    body = (
        stack.client("s3", credentials=guest_credentials)
        .get_object(Bucket="demo-bucket", Key="public/docs/guide.txt")["Body"]
        .read()
    )
    assert body == b"A guide.\n"


@pytest.mark.parametrize(
    "prefix", ["private/", "private/notes/", "", "publicity/", "top-level.txt"]
)
def test_guest_cannot_list_outside_public(stack, guest_credentials, prefix):
    with pytest.raises(ClientError) as excinfo:
        _list(stack, guest_credentials, prefix)
    assert _code(excinfo) == "AccessDenied"


def test_guest_cannot_read_private(stack, guest_credentials):
    with pytest.raises(ClientError) as excinfo:
        stack.client("s3", credentials=guest_credentials).get_object(
            Bucket="demo-bucket", Key="private/secret.txt"
        )
    assert _code(excinfo) == "AccessDenied"


def test_signed_in_user_can_list_and_read_public_and_own_folder(stack, user_credentials):
    assert _list(stack, user_credentials, "public/", Delimiter="/")["Contents"]
    own = f"private/{stack['identityIds']['demo']}/"
    assert [o["Key"] for o in _list(stack, user_credentials, own)["Contents"]] == [
        own + "welcome.txt"
    ]
    s3 = stack.client("s3", credentials=user_credentials)
    assert s3.get_object(Bucket="demo-bucket", Key=own + "welcome.txt")["Body"].read()
    # The shared files under private/ are outside every user's own folder.
    with pytest.raises(ClientError) as excinfo:
        s3.get_object(Bucket="demo-bucket", Key="private/a b+c=d.txt")
    assert _code(excinfo) == "AccessDenied"


@pytest.mark.parametrize("prefix", ["", "top", "scratch/", "private/"])
def test_signed_in_user_cannot_list_elsewhere(stack, user_credentials, prefix):
    with pytest.raises(ClientError) as excinfo:
        _list(stack, user_credentials, prefix)
    assert _code(excinfo) == "AccessDenied"


def test_signed_in_user_cannot_read_or_write_elsewhere(stack, user_credentials):
    s3 = stack.client("s3", credentials=user_credentials)
    with pytest.raises(ClientError) as excinfo:
        s3.get_object(Bucket="demo-bucket", Key="top-level.txt")
    assert _code(excinfo) == "AccessDenied"
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket="demo-bucket", Key="public/new.txt", Body=b"x")
    assert _code(excinfo) == "AccessDenied"


def test_signed_in_user_can_call_the_pool_map_apis(stack, user_credentials):
    idp = stack.client("cognito-idp", credentials=user_credentials)
    pools = idp.list_user_pools(MaxResults=60)["UserPools"]
    assert stack["userPoolId"] in [p["Id"] for p in pools]
    assert (
        idp.describe_user_pool(UserPoolId=stack["userPoolId"])["UserPool"]["Id"]
        == stack["userPoolId"]
    )
    identity = stack.client("cognito-identity", credentials=user_credentials)
    ids = [
        p["IdentityPoolId"] for p in identity.list_identity_pools(MaxResults=60)["IdentityPools"]
    ]
    assert stack["identityPoolId"] in ids
    described = identity.describe_identity_pool(IdentityPoolId=stack["identityPoolId"])
    assert described["CognitoIdentityProviders"][0]["ProviderName"] == stack.provider()


def test_signed_in_user_cannot_call_other_admin_apis(stack, user_credentials):
    idp = stack.client("cognito-idp", credentials=user_credentials)
    with pytest.raises(ClientError) as excinfo:
        idp.list_users(UserPoolId=stack["userPoolId"])
    assert _code(excinfo) == "AccessDeniedException"


def test_guest_cannot_call_the_pool_map_apis(stack, guest_credentials):
    with pytest.raises(ClientError) as excinfo:
        stack.client("cognito-idp", credentials=guest_credentials).list_user_pools(MaxResults=10)
    assert _code(excinfo) == "AccessDeniedException"


def test_signed_cognito_call_with_wrong_secret_is_refused(stack, user_credentials):
    wrong = dict(user_credentials, SecretKey="y" * 40)
    with pytest.raises(ClientError) as excinfo:
        stack.client("cognito-identity", credentials=wrong).list_identity_pools(MaxResults=10)
    assert _code(excinfo) == "InvalidSignatureException"


def test_signed_cognito_call_with_tampered_body_is_refused(stack, user_credentials):
    body = b'{"MaxResults": 10}'
    request = stack.signed(
        "POST",
        "/",
        user_credentials,
        service="cognito-idp",
        headers={
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "AWSCognitoIdentityProviderService.ListUserPools",
        },
        body=body,
    )
    status, headers, _ = stack.send_signed(request)
    assert status == 200
    request.data = b'{"MaxResults": 11}'
    status, headers, _ = stack.send(
        "POST", "/", dict(request.headers.items()), b'{"MaxResults": 11}'
    )
    assert status == 400 and headers["x-amzn-errortype"] == "InvalidSignatureException"


def test_unsigned_admin_call_is_refused(stack):
    status, headers, body = stack.json_call(
        "AWSCognitoIdentityProviderService.ListUserPools", {"MaxResults": 10}
    )
    assert status == 400 and body["__type"] == "MissingAuthenticationTokenException"
