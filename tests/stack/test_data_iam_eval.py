"""The IAM evaluator (patches/iam_eval.py) and DynamoDB's request keys (patches/dynamodb.py)
on their own, without a server: the rules the stack's refusals rest on."""

import pytest

from patches.dynamodb import top_level_names
from patches.iam_eval import ALLOW, DENY, NOT_APPLICABLE, condition_holds, evaluate

SUB = "eu-west-1:11111111-2222-3333-4444-555555555555"
POOL = "eu-west-1:99999999-8888-7777-6666-555555555555"
CONTEXT = {
    "cognito-identity.amazonaws.com:sub": [SUB],
    "cognito-identity.amazonaws.com:aud": [POOL],
}
BUCKET = "arn:aws:s3:::demo-bucket"


def _doc(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def _allow(action, resource, **extra):
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def _ctx(**keys):
    return {**CONTEXT, **{k.replace("__", ":").lower(): v for k, v in keys.items()}}


OWN_FOLDER = _allow("s3:GetObject", f"{BUCKET}/private/${{cognito-identity.amazonaws.com:sub}}/*")


@pytest.mark.parametrize(
    "resource,expected",
    [
        (f"{BUCKET}/private/{SUB}/a.txt", ALLOW),
        (f"{BUCKET}/private/{SUB}/deep/er/b.txt", ALLOW),
        (f"{BUCKET}/private/eu-west-1:other/a.txt", NOT_APPLICABLE),
        (f"{BUCKET}/private/{SUB}", NOT_APPLICABLE),
        (f"{BUCKET}/private/${{cognito-identity.amazonaws.com:sub}}/a.txt", NOT_APPLICABLE),
    ],
)
def test_sub_variable_in_resource(resource, expected):
    assert evaluate([_doc(OWN_FOLDER)], "s3:GetObject", resource, CONTEXT) == expected


def test_aud_variable_and_missing_variable():
    statement = _allow("s3:GetObject", f"{BUCKET}/pools/${{cognito-identity.amazonaws.com:aud}}/*")
    assert evaluate([_doc(statement)], "s3:GetObject", f"{BUCKET}/pools/{POOL}/x", CONTEXT) == ALLOW
    # A variable the request has no value for matches nothing (not even the literal text).
    assert (
        evaluate([_doc(OWN_FOLDER)], "s3:GetObject", f"{BUCKET}/private/x/a", {}) == NOT_APPLICABLE
    )
    with_default = _allow("s3:GetObject", f"{BUCKET}/u/${{aws:username, 'nobody'}}/*")
    assert evaluate([_doc(with_default)], "s3:GetObject", f"{BUCKET}/u/nobody/a", {}) == ALLOW


def test_a_substituted_value_is_not_a_wildcard():
    context = {"cognito-identity.amazonaws.com:sub": ["*"]}
    assert evaluate([_doc(OWN_FOLDER)], "s3:GetObject", f"{BUCKET}/private/*/a", context) == ALLOW
    assert (
        evaluate([_doc(OWN_FOLDER)], "s3:GetObject", f"{BUCKET}/private/x/a", context)
        == NOT_APPLICABLE
    )


def test_wildcards_are_iam_wildcards_not_regex():
    statement = _allow("s3:Get*", f"{BUCKET}/public/?.txt")
    assert evaluate([_doc(statement)], "S3:getobject", f"{BUCKET}/public/a.txt", {}) == ALLOW
    assert (
        evaluate([_doc(statement)], "s3:GetObject", f"{BUCKET}/public/ab.txt", {}) == NOT_APPLICABLE
    )
    dotted = _allow("s3:GetObject", f"{BUCKET}/a.b")
    assert evaluate([_doc(dotted)], "s3:GetObject", f"{BUCKET}/aXb", {}) == NOT_APPLICABLE
    # Resources are case-sensitive, actions are not.
    assert evaluate([_doc(dotted)], "s3:GetObject", f"{BUCKET}/A.B", {}) == NOT_APPLICABLE


def test_explicit_deny_wins_over_any_allow():
    deny = {"Effect": "Deny", "Action": "s3:*", "Resource": f"{BUCKET}/private/{SUB}/secret/*"}
    documents = [_doc(OWN_FOLDER), _doc(deny)]
    assert evaluate(documents, "s3:GetObject", f"{BUCKET}/private/{SUB}/secret/k", CONTEXT) == DENY
    assert (
        evaluate(documents[::-1], "s3:GetObject", f"{BUCKET}/private/{SUB}/secret/k", CONTEXT)
        == DENY
    )
    assert evaluate(documents, "s3:GetObject", f"{BUCKET}/private/{SUB}/open/k", CONTEXT) == ALLOW


def test_not_action_and_not_resource():
    statement = {"Effect": "Deny", "NotAction": "s3:GetObject", "NotResource": f"{BUCKET}/public/*"}
    assert evaluate([_doc(statement)], "s3:PutObject", f"{BUCKET}/x", {}) == DENY
    assert evaluate([_doc(statement)], "s3:GetObject", f"{BUCKET}/x", {}) == NOT_APPLICABLE
    assert evaluate([_doc(statement)], "s3:PutObject", f"{BUCKET}/public/x", {}) == NOT_APPLICABLE


def test_prefix_condition_with_variable():
    statement = _allow(
        "s3:ListBucket",
        BUCKET,
        Condition={
            "StringLike": {
                "s3:prefix": ["public/*", "private/${cognito-identity.amazonaws.com:sub}/*"]
            }
        },
    )
    for prefix, expected in (
        ("public/", ALLOW),
        (f"private/{SUB}/", ALLOW),
        (f"private/{SUB}", NOT_APPLICABLE),
        ("private/eu-west-1:other/", NOT_APPLICABLE),
        ("private/", NOT_APPLICABLE),
    ):
        assert (
            evaluate([_doc(statement)], "s3:ListBucket", BUCKET, _ctx(s3__prefix=[prefix]))
            == expected
        )
    assert evaluate([_doc(statement)], "s3:ListBucket", BUCKET, CONTEXT) == NOT_APPLICABLE


@pytest.mark.parametrize(
    "operator,values,expected",
    [
        ("ForAllValues:StringEquals", [SUB], True),
        ("ForAllValues:StringEquals", [SUB, "other"], False),
        ("ForAllValues:StringEquals", None, True),  # vacuous: IAM's known pitfall
        ("ForAnyValue:StringEquals", [SUB, "other"], True),
        ("ForAnyValue:StringEquals", ["other"], False),
        ("ForAnyValue:StringEquals", None, False),
        ("StringEquals", [SUB], True),
        ("StringEquals", None, False),
        ("StringEqualsIfExists", None, True),
        ("StringNotEquals", ["other"], True),
        ("StringNotEquals", [SUB], False),
        ("ForAllValues:StringLike", ["eu-west-1:1111*"], False),
        ("NoSuchOperator", [SUB], False),
        ("ForEveryValue:StringEquals", [SUB], False),
    ],
)
def test_condition_operators(operator, values, expected):
    context = dict(CONTEXT)
    if values is not None:
        context["dynamodb:leadingkeys"] = values
    pattern = "${cognito-identity.amazonaws.com:sub}"
    assert condition_holds(operator, "dynamodb:LeadingKeys", [pattern], context) is expected


def test_null_and_numeric_conditions():
    context = {"s3:max-keys": ["10"]}
    assert condition_holds("Null", "s3:max-keys", "false", context)
    assert condition_holds("Null", "s3:prefix", "true", context)
    assert not condition_holds("Null", "s3:max-keys", "true", context)
    assert condition_holds("NumericLessThanEquals", "s3:max-keys", "10", context)
    assert not condition_holds("NumericLessThan", "s3:max-keys", "10", context)
    assert not condition_holds("NumericEquals", "s3:max-keys", "ten", context)


def test_leading_keys_policy_for_a_batch():
    statement = _allow(
        "dynamodb:BatchGetItem",
        "arn:aws:dynamodb:eu-west-1:123456789012:table/profiles",
        Condition={
            "ForAllValues:StringEquals": {
                "dynamodb:LeadingKeys": ["${cognito-identity.amazonaws.com:sub}"]
            }
        },
    )
    table = "arn:aws:dynamodb:eu-west-1:123456789012:table/profiles"
    own = _ctx(dynamodb__LeadingKeys=[SUB])
    mixed = _ctx(dynamodb__LeadingKeys=[SUB, "eu-west-1:other"])
    assert evaluate([_doc(statement)], "dynamodb:BatchGetItem", table, own) == ALLOW
    assert evaluate([_doc(statement)], "dynamodb:BatchGetItem", table, mixed) == NOT_APPLICABLE
    assert evaluate([_doc(statement)], "dynamodb:BatchGetItem", table + "x", own) == NOT_APPLICABLE


@pytest.mark.parametrize(
    "expression,names,expected",
    [
        ("SET a = :v, #b = if_not_exists(#b, :z) REMOVE c.d[2]", {"#b": "bee"}, ["a", "bee", "c"]),
        ("ADD counter :one DELETE tags :t", None, ["counter", "tags"]),
        ("set isAdmin = list_append(isAdmin, :x)", None, ["isAdmin"]),
        ("a, b.c, #n[0].x", {"#n": "name"}, ["a", "b", "name"]),
        (None, None, []),
    ],
)
def test_top_level_attribute_names(expression, names, expected):
    assert top_level_names(expression, names) == expected


def test_installed_for_identity_policies_only():
    import json

    from moto.iam.access_control import IAMPolicy, PermissionResult

    from patches import iam_eval
    from patches.policy import condition_context

    iam_eval.apply()
    identity = json.dumps(_doc(OWN_FOLDER))
    with condition_context(CONTEXT):
        result = IAMPolicy(identity).is_action_permitted(
            "s3:GetObject", f"{BUCKET}/private/{SUB}/a"
        )
    assert result == PermissionResult.PERMITTED
    # A bucket policy (it names a Principal) keeps moto's evaluation, whose patterns are
    # regular expressions: "." matches any character there.
    bucket = json.dumps(_doc({**_allow("s3:GetObject", f"{BUCKET}/a.b"), "Principal": "*"}))
    assert IAMPolicy(bucket).is_action_permitted("s3:GetObject", f"{BUCKET}/aXb") == (
        PermissionResult.PERMITTED
    )
