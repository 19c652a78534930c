"""Each user's own rows of the `profiles` table (partition key `identityId`), enforced by
`dynamodb:LeadingKeys` = `${cognito-identity.amazonaws.com:sub}`; an explicit Deny on the
`isAdmin` attribute (`dynamodb:Attributes`); DynamoDB's AccessDeniedException."""

import json

import pytest

from data_helpers import alice, bob, denied, error_code, guest, status_of  # noqa: F401

TABLE = "profiles"


def _key(user):
    return {"identityId": {"S": user.identity_id}}


def test_the_table_is_published(stack):
    assert (stack["table"], stack["tablePartitionKey"]) == (TABLE, "identityId")


def test_user_reads_own_seeded_row(alice):
    item = alice.dynamodb.get_item(TableName=TABLE, Key=_key(alice))["Item"]
    assert (
        item["displayName"] == {"S": "Demo User"}
        and item["identityId"] == _key(alice)["identityId"]
    )
    projected = alice.dynamodb.get_item(
        TableName=TABLE,
        Key=_key(alice),
        ProjectionExpression="#n",
        ExpressionAttributeNames={"#n": "city"},
    )["Item"]
    assert projected == {"city": {"S": "Dublin"}}


def test_user_writes_updates_queries_and_deletes_own_row(alice):
    row = {**_key(alice), "displayName": {"S": "Alice"}, "age": {"N": "41"}}
    alice.dynamodb.put_item(TableName=TABLE, Item=row)
    alice.dynamodb.update_item(
        TableName=TABLE,
        Key=_key(alice),
        UpdateExpression="SET city = :c, age = age + :one",
        ExpressionAttributeValues={":c": {"S": "Cork"}, ":one": {"N": "1"}},
    )
    items = alice.dynamodb.query(
        TableName=TABLE,
        KeyConditionExpression="identityId = :me",
        ExpressionAttributeValues={":me": _key(alice)["identityId"]},
    )["Items"]
    assert [(i["city"]["S"], i["age"]["N"]) for i in items] == [("Cork", "42")]
    batch = alice.dynamodb.batch_get_item(RequestItems={TABLE: {"Keys": [_key(alice)]}})
    assert len(batch["Responses"][TABLE]) == 1
    excinfo = denied(
        alice.dynamodb.put_item,
        TableName=TABLE,
        Item=row,
        ConditionExpression="attribute_not_exists(identityId)",
    )
    assert error_code(excinfo) == "ConditionalCheckFailedException"
    alice.dynamodb.delete_item(TableName=TABLE, Key=_key(alice))
    assert "Item" not in alice.dynamodb.get_item(TableName=TABLE, Key=_key(alice))
    alice.dynamodb.batch_write_item(
        RequestItems={
            TABLE: [
                {
                    "PutRequest": {
                        "Item": {
                            **_key(alice),
                            "displayName": {"S": "Demo User"},
                            "city": {"S": "Dublin"},
                        }
                    }
                }
            ]
        }
    )


@pytest.mark.parametrize(
    "call",
    [
        "get_item",
        "put_item",
        "update_item",
        "delete_item",
        "query",
        "batch_get_item",
        "batch_write_item",
        "scan",
    ],
)
def test_user_cannot_touch_other_users_row(alice, bob, call):
    theirs = _key(bob)
    kwargs = {
        "get_item": {"TableName": TABLE, "Key": theirs},
        "put_item": {"TableName": TABLE, "Item": {**theirs, "displayName": {"S": "pwned"}}},
        "update_item": {
            "TableName": TABLE,
            "Key": theirs,
            "UpdateExpression": "SET displayName = :x",
            "ExpressionAttributeValues": {":x": {"S": "pwned"}},
        },
        "delete_item": {"TableName": TABLE, "Key": theirs},
        "query": {
            "TableName": TABLE,
            "KeyConditionExpression": "#k = :k",
            "ExpressionAttributeNames": {"#k": "identityId"},
            "ExpressionAttributeValues": {":k": theirs["identityId"]},
        },
        # One foreign key among the caller's own is enough to refuse the whole request.
        "batch_get_item": {"RequestItems": {TABLE: {"Keys": [_key(alice), theirs]}}},
        "batch_write_item": {"RequestItems": {TABLE: [{"DeleteRequest": {"Key": theirs}}]}},
        "scan": {"TableName": TABLE},
    }[call]
    excinfo = denied(getattr(alice.dynamodb, call), **kwargs)
    assert (error_code(excinfo), status_of(excinfo)) == ("AccessDeniedException", 400)
    item = bob.dynamodb.get_item(TableName=TABLE, Key=theirs)["Item"]
    assert item["displayName"] == {"S": "Other User"}


def test_access_denied_is_dynamodb_json(stack, alice, bob):
    body = json.dumps({"TableName": TABLE, "Key": _key(bob)}).encode()
    request = stack.signed(
        "POST",
        "/",
        alice.credentials,
        service="dynamodb",
        headers={
            "Content-Type": "application/x-amz-json-1.0",
            "X-Amz-Target": "DynamoDB_20120810.GetItem",
        },
        body=body,
    )
    status, headers, reply = stack.send_signed(request)
    assert status == 400 and headers["x-amzn-errortype"] == "AccessDeniedException"
    error = json.loads(reply)
    assert error["__type"] == "com.amazon.coral.service#AccessDeniedException"
    assert "dynamodb:GetItem" in error["Message"] and f"table/{TABLE}" in error["Message"]
    assert "Other User" not in reply.decode()


def test_the_admin_flag_is_denied_even_on_own_row(alice):
    for call, kwargs in (
        (alice.dynamodb.put_item, {"Item": {**_key(alice), "isAdmin": {"BOOL": True}}}),
        (
            alice.dynamodb.update_item,
            {
                "Key": _key(alice),
                "UpdateExpression": "SET #a = :t",
                "ExpressionAttributeNames": {"#a": "isAdmin"},
                "ExpressionAttributeValues": {":t": {"BOOL": True}},
            },
        ),
    ):
        assert error_code(denied(call, TableName=TABLE, **kwargs)) == "AccessDeniedException"
    batch = {TABLE: [{"PutRequest": {"Item": {**_key(alice), "isAdmin": {"BOOL": True}}}}]}
    excinfo = denied(alice.dynamodb.batch_write_item, RequestItems=batch)
    assert error_code(excinfo) == "AccessDeniedException"
    # Other attributes of the same row stay writable.
    alice.dynamodb.update_item(
        TableName=TABLE,
        Key=_key(alice),
        UpdateExpression="SET city = :c",
        ExpressionAttributeValues={":c": {"S": "Dublin"}},
    )
    assert "isAdmin" not in alice.dynamodb.get_item(TableName=TABLE, Key=_key(alice))["Item"]


def test_guest_has_no_rows(guest, alice):
    for call, kwargs in (
        (guest["dynamodb"].get_item, {"Key": _key(alice)}),
        (guest["dynamodb"].put_item, {"Item": _key(alice)}),
    ):
        assert error_code(denied(call, TableName=TABLE, **kwargs)) == "AccessDeniedException"


def test_unsigned_dynamodb_call_is_refused(stack):
    status, headers, body = stack.send(
        "POST",
        "/",
        {
            "Content-Type": "application/x-amz-json-1.0",
            "X-Amz-Target": "DynamoDB_20120810.ListTables",
        },
        b"{}",
    )
    assert status == 400 and json.loads(body)["__type"] == "MissingAuthenticationTokenException"
