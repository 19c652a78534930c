"""CORS for the browser pages, the request counter, and errors that stay AWS-shaped."""

import json

import pytest

ORIGIN = "http://127.0.0.1:8080"
BROWSER_HEADERS = (
    "content-type,x-amz-target,x-amz-user-agent,authorization,x-amz-date,"
    "x-amz-content-sha256,x-amz-security-token,amz-sdk-invocation-id,amz-sdk-request"
)


def _preflight(stack, path, origin=ORIGIN, method="POST", headers=BROWSER_HEADERS):
    return stack.send(
        "OPTIONS",
        path,
        {
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": headers,
        },
    )


@pytest.mark.parametrize(
    "path,method",
    [
        ("/", "POST"),
        ("/demo-bucket?list-type=2&prefix=public%2F", "GET"),
        ("/demo-bucket/public/readme.txt", "GET"),
    ],
)
def test_preflight_from_allowed_origin(stack, path, method):
    status, headers, _ = _preflight(stack, path, method=method)
    assert status == 200
    assert headers["access-control-allow-origin"] == ORIGIN
    allowed = {h.strip() for h in headers["access-control-allow-headers"].split(",")}
    assert set(BROWSER_HEADERS.split(",")) <= allowed
    assert {"GET", "PUT", "POST", "HEAD", "DELETE"} <= {
        m.strip() for m in headers["access-control-allow-methods"].split(",")
    }


@pytest.mark.parametrize("origin", ["http://127.0.0.1:8081", "http://127.0.0.1:8082"])
def test_test_origins_are_allowed(stack, origin):
    status, headers, _ = _preflight(stack, "/", origin=origin)
    assert status == 200 and headers["access-control-allow-origin"] == origin


def test_preflight_from_other_origin_is_refused(stack):
    status, headers, _ = _preflight(stack, "/", origin="http://evil.example")
    assert status == 403
    assert "access-control-allow-origin" not in headers


def test_preflight_with_unknown_header_is_refused(stack):
    status, headers, _ = _preflight(stack, "/", headers="content-type,x-custom-header")
    assert status == 403
    assert "access-control-allow-origin" not in headers


def test_cognito_error_reply_carries_cors_headers(stack):
    status, headers, body = stack.json_call(
        "AWSCognitoIdentityProviderService.InitiateAuth",
        {
            "ClientId": stack["clientId"],
            "AuthFlow": "USER_PASSWORD_AUTH",
            "AuthParameters": {"USERNAME": "demo", "PASSWORD": "Wrong-passw0rd!"},
        },
        headers={"Origin": ORIGIN},
    )
    assert status == 400
    assert body["__type"] == "NotAuthorizedException"
    assert headers["access-control-allow-origin"] == ORIGIN
    exposed = {h.strip() for h in headers["access-control-expose-headers"].split(",")}
    assert {"x-amzn-errortype", "x-amzn-requestid", "etag", "x-amz-request-id", "date"} <= exposed
    assert headers["x-amzn-errortype"] == "NotAuthorizedException"


def test_s3_error_reply_carries_cors_headers(stack):
    status, headers, _ = stack.send("GET", "/demo-bucket?list-type=2", {"Origin": ORIGIN})
    assert status == 403
    assert headers["access-control-allow-origin"] == ORIGIN


def test_success_reply_to_other_origin_has_no_cors_headers(stack):
    status, headers, _ = stack.json_call(
        "AWSCognitoIdentityService.GetId",
        {"IdentityPoolId": stack["identityPoolId"]},
        headers={"Origin": "http://evil.example"},
    )
    assert status == 200
    assert "access-control-allow-origin" not in headers


def test_python_exception_becomes_json_error_with_cors(stack):
    status, headers, body = stack.json_call(
        "AWSCognitoIdentityProviderService.InitiateAuth",
        {
            "ClientId": stack["clientId"],
            "AuthFlow": "USER_PASSWORD_AUTH",
            "AuthParameters": ["not", "a", "map"],
        },
        headers={"Origin": ORIGIN},
    )
    assert status >= 400
    assert isinstance(body["__type"], str) and body["message"]
    assert headers["access-control-allow-origin"] == ORIGIN


def test_request_counter_counts_per_operation(stack, user_credentials):
    stack.reset_requests()
    assert stack.requests() == {"counts": {}, "total": 0}
    stack.password_sign_in()
    _preflight(stack, "/")  # preflights are not counted
    s3 = stack.client("s3", credentials=user_credentials)
    s3.list_objects_v2(Bucket="demo-bucket", Prefix="public/", Delimiter="/")
    s3.get_object(Bucket="demo-bucket", Key="public/readme.txt")
    s3.head_object(Bucket="demo-bucket", Key="public/readme.txt")
    stack.send("GET", "/moto-api/data.json")  # neither is /moto-api
    assert stack.requests() == {
        "counts": {
            "AWSCognitoIdentityProviderService.InitiateAuth": 1,
            "S3 GET": 2,
            "S3 HEAD": 1,
        },
        "total": 4,
    }
    stack.reset_requests()
    assert stack.requests()["total"] == 0


def test_stack_info_repeats_the_json_line(stack):
    status, _, body = stack.send("GET", "/_stack/info")
    assert status == 200 and json.loads(body) == stack.info


def test_moto_api_reset_wipes_state(tmp_path):
    from conftest import start_stack

    running = start_stack(tmp_dir=tmp_path)
    try:
        running.password_sign_in()
        status, _, _ = running.send("POST", "/moto-api/reset")
        assert status == 200
        status, _, body = running.json_call(
            "AWSCognitoIdentityService.GetId", {"IdentityPoolId": running["identityPoolId"]}
        )
        assert status == 400 and body["__type"] == "ResourceNotFoundException"
    finally:
        running.stop()
