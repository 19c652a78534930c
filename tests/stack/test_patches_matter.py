"""The refusal tests would fail against stock moto: with a patch left out
(`serve --disable-patch NAME`), the bad request they send is accepted."""

import base64

import pytest
from botocore.exceptions import ClientError
from pycognito.aws_srp import AWSSRP

from conftest import start_stack


@pytest.fixture
def unpatched(tmp_path):
    started = []

    def start(*names):
        args = [a for name in names for a in ("--disable-patch", name)]
        started.append(start_stack(*args, tmp_dir=tmp_path))
        return started[-1]

    yield start
    for running in started:
        running.stop()


def test_without_srp_patch_a_wrong_password_signs_in(unpatched):
    stack = unpatched("srp")
    client = AWSSRP(
        username="demo",
        password="Wrong-passw0rd!",
        pool_id=stack["userPoolId"],
        client_id=stack["clientId"],
        client=stack.idp(),
    )
    # Stock moto's SALT/SRP_B are UUID hex and SECRET_BLOCK is not base64: give pycognito
    # something it can compute with; moto then accepts whatever signature comes back.
    reply = stack.idp().initiate_auth(
        ClientId=stack["clientId"],
        AuthFlow="USER_SRP_AUTH",
        AuthParameters=client.get_auth_params(),
    )
    params = reply["ChallengeParameters"]
    block = params["SECRET_BLOCK"]
    answer = client.process_challenge(
        dict(params, SECRET_BLOCK=base64.b64encode(block.encode()).decode()),
        client.get_auth_params(),
    )
    answer["PASSWORD_CLAIM_SECRET_BLOCK"] = block
    tokens = stack.idp().respond_to_auth_challenge(
        ClientId=stack["clientId"], ChallengeName="PASSWORD_VERIFIER", ChallengeResponses=answer
    )
    assert "IdToken" in tokens["AuthenticationResult"]


def test_without_auth_patch_a_wrong_secret_lists_the_bucket(unpatched):
    stack = unpatched("auth")
    credentials = {"AccessKeyId": "ASIAANYTHING", "SecretKey": "wrong", "SessionToken": "whatever"}
    status, _, _ = stack.send_signed(
        stack.signed("GET", "/demo-bucket?list-type=2&prefix=private%2F", credentials)
    )
    assert status == 200


def test_without_identity_patch_a_forged_token_gets_an_identity(unpatched):
    stack = unpatched("identity")
    identity_id = stack.identity().get_id(
        IdentityPoolId=stack["identityPoolId"], Logins={stack.provider(): "forged.token.value"}
    )["IdentityId"]
    assert identity_id
    # An unknown pool crashes stock moto instead of giving ResourceNotFoundException.
    status, _, body = stack.json_call(
        "AWSCognitoIdentityService.GetId",
        {"IdentityPoolId": f"{stack.region}:00000000-0000-0000-0000-000000000000"},
    )
    assert (status, body["__type"]) == (500, "InternalFailure")


def test_without_policy_patch_a_guest_lists_private(unpatched):
    stack = unpatched("policy")
    guest = stack.credentials()
    reply = stack.client("s3", credentials=guest).list_objects_v2(
        Bucket="demo-bucket", Prefix="private/"
    )
    assert reply["KeyCount"] > 0


def test_without_auth_patch_an_expired_presigned_url_is_served(unpatched):
    import datetime

    from test_presigned import presign

    stack = unpatched("auth")
    guest = stack.credentials()
    an_hour_ago = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1)
    url = presign(stack, guest, "private/secret.txt", expires=60, at=an_hour_ago)
    status, _, _ = stack.send("GET", url)
    assert status == 200


def test_without_revoke_patch_revoke_token_is_not_implemented(unpatched):
    stack = unpatched("revoke")
    tokens = stack.password_sign_in()
    status, _, body = stack.json_call(
        "AWSCognitoIdentityProviderService.RevokeToken",
        {"Token": tokens["RefreshToken"], "ClientId": stack["clientId"]},
    )
    assert (status, body["__type"]) == (500, "InternalFailure")
    assert "revoke_token" in body["message"]


def _user(stack, name):
    user = stack["users"][name]
    tokens = stack.password_sign_in(user["username"], user["password"])
    return stack.credentials(tokens["IdToken"])


def test_without_policy_patch_a_user_lists_another_users_folder(unpatched):
    stack = unpatched("policy")
    other_folder = f"private/{stack['identityIds']['other']}/"
    reply = stack.client("s3", credentials=_user(stack, "demo")).list_objects_v2(
        Bucket="demo-bucket", Prefix=other_folder
    )
    assert [o["Key"] for o in reply["Contents"]] == [other_folder + "welcome.txt"]


def test_without_s3_patch_a_user_copies_another_users_file(unpatched):
    stack = unpatched("s3")
    demo = stack.client("s3", credentials=_user(stack, "demo"))
    mine = f"private/{stack['identityIds']['demo']}/stolen.txt"
    theirs = f"private/{stack['identityIds']['other']}/welcome.txt"
    demo.copy_object(
        Bucket="demo-bucket", Key=mine, CopySource={"Bucket": "demo-bucket", "Key": theirs}
    )
    assert (
        demo.get_object(Bucket="demo-bucket", Key=mine)["Body"].read().startswith(b"Welcome, other")
    )
    # And a batch delete of the user's own key is refused as a whole.
    with pytest.raises(ClientError) as excinfo:
        demo.delete_objects(Bucket="demo-bucket", Delete={"Objects": [{"Key": mine}]})
    assert excinfo.value.response["Error"]["Code"] == "AccessDenied"


def test_without_dynamodb_patch_own_rows_are_refused_and_unsigned_calls_go_to_s3(unpatched):
    stack = unpatched("dynamodb")
    demo_id = stack["identityIds"]["demo"]
    dynamodb = stack.client("dynamodb", credentials=_user(stack, "demo"))
    # Authorised against resource "*" with no condition keys: the role's rows statement
    # never applies, not even to the user's own row.
    with pytest.raises(ClientError) as excinfo:
        dynamodb.get_item(TableName="profiles", Key={"identityId": {"S": demo_id}})
    assert excinfo.value.response["Error"]["Code"] == "AccessDeniedException"
    status, headers, body = stack.send(
        "POST",
        "/",
        {
            "Content-Type": "application/x-amz-json-1.0",
            "X-Amz-Target": "DynamoDB_20120810.ListTables",
        },
        b"{}",
    )
    assert (status, headers["content-type"]) == (403, "application/xml")
