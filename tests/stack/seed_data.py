"""The users' own data: the roles' policies (per-identity S3 folder and DynamoDB rows,
through IAM policy variables), a second signed-in user, their identities, their files and
their rows in the `profiles` table. Called by seed.py; documented in README.md.
"""

from __future__ import annotations

from typing import Any

from moto.cognitoidentity.models import cognitoidentity_backends
from moto.cognitoidp.models import cognitoidp_backends
from moto.dynamodb.models import dynamodb_backends
from moto.s3.models import s3_backends

from patches.identity import new_identity

OTHER_USER = "other"
OTHER_PASSWORD = "Other-passw0rd!"
TABLE = "profiles"
PARTITION_KEY = "identityId"
SUB = "${cognito-identity.amazonaws.com:sub}"
#: The attribute no user may write to their own row (an explicit Deny wins).
PROTECTED_ATTRIBUTE = "isAdmin"

#: Per user: the file in their folder and their profile row.
USER_DATA = {
    "demo": {
        "file": "welcome.txt",
        "body": b"Welcome, demo: only you can read this.\n",
        "displayName": "Demo User",
        "city": "Dublin",
    },
    OTHER_USER: {
        "file": "welcome.txt",
        "body": b"Welcome, other: only you can read this.\n",
        "displayName": "Other User",
        "city": "Lisbon",
    },
}


def table_arn(region: str, account: str) -> str:
    """The `profiles` table's ARN."""
    return f"arn:aws:dynamodb:{region}:{account}:table/{TABLE}"


def authenticated_policy(bucket: str, region: str, account: str) -> dict:
    """The authenticated role: read public/, read/write its own folder and rows."""
    table = table_arn(region, account)
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ListPublicAndOwnFolder",
                "Effect": "Allow",
                "Action": "s3:ListBucket",
                "Resource": f"arn:aws:s3:::{bucket}",
                "Condition": {"StringLike": {"s3:prefix": ["public/*", f"private/{SUB}/*"]}},
            },
            {
                "Sid": "ReadPublic",
                "Effect": "Allow",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/public/*",
            },
            {
                "Sid": "OwnFolder",
                "Effect": "Allow",
                "Action": [
                    "s3:GetObject",
                    "s3:PutObject",
                    "s3:DeleteObject",
                    "s3:AbortMultipartUpload",
                    "s3:ListMultipartUploadParts",
                ],
                "Resource": f"arn:aws:s3:::{bucket}/private/{SUB}/*",
            },
            {
                "Sid": "ListOwnUploads",
                "Effect": "Allow",
                "Action": "s3:ListBucketMultipartUploads",
                "Resource": f"arn:aws:s3:::{bucket}",
                "Condition": {"StringLike": {"s3:prefix": f"private/{SUB}/*"}},
            },
            {
                "Sid": "OwnProfileRows",
                "Effect": "Allow",
                "Action": [
                    "dynamodb:GetItem",
                    "dynamodb:BatchGetItem",
                    "dynamodb:Query",
                    "dynamodb:PutItem",
                    "dynamodb:UpdateItem",
                    "dynamodb:DeleteItem",
                    "dynamodb:BatchWriteItem",
                ],
                "Resource": table,
                "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": [SUB]}},
            },
            {
                "Sid": "NoAdminFlag",
                "Effect": "Deny",
                "Action": ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"],
                "Resource": table,
                "Condition": {
                    "ForAnyValue:StringEquals": {"dynamodb:Attributes": [PROTECTED_ATTRIBUTE]}
                },
            },
        ],
    }


def guest_policy(bucket: str) -> dict:
    """The guest (unauthenticated) role: list and read public/ only."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ListPublic",
                "Effect": "Allow",
                "Action": "s3:ListBucket",
                "Resource": f"arn:aws:s3:::{bucket}",
                "Condition": {"StringLike": {"s3:prefix": ["public/*"]}},
            },
            {
                "Sid": "ReadPublic",
                "Effect": "Allow",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/public/*",
            },
        ],
    }


def create_other_user(region: str, account: str, user_pool_id: str) -> None:
    """A second confirmed user, the one whose data the first tries to read."""
    idp = cognitoidp_backends[account][region]
    idp.admin_create_user(
        user_pool_id,
        OTHER_USER,
        None,
        OTHER_PASSWORD,
        [
            {"Name": "email", "Value": f"{OTHER_USER}@example.com"},
            {"Name": "email_verified", "Value": "true"},
        ],
    )
    idp.admin_set_user_password(user_pool_id, OTHER_USER, OTHER_PASSWORD, True)


def seed_user_data(
    region: str, account: str, user_pool_id: str, identity_pool_id: str, bucket: str
) -> dict[str, Any]:
    """Identities for `demo` and `other`, a file in each one's folder, a row each in
    `profiles`; returns {username: identity id}."""
    idp = cognitoidp_backends[account][region]
    identity = cognitoidentity_backends[account][region]
    pool = identity.identity_pools[identity_pool_id]
    provider = f"cognito-idp.{region}.amazonaws.com/{user_pool_id}"
    dynamodb = dynamodb_backends[account][region]
    dynamodb.create_table(
        TABLE,
        schema=[{"AttributeName": PARTITION_KEY, "KeyType": "HASH"}],
        throughput=None,
        attr=[{"AttributeName": PARTITION_KEY, "AttributeType": "S"}],
        global_indexes=None,
        indexes=None,
        streams=None,
        billing_mode="PAY_PER_REQUEST",
        sse_specification=None,
        tags=[],
        deletion_protection_enabled=False,
        warm_throughput=None,
    )
    s3 = s3_backends[account]["aws"]
    ids = {}
    for username, data in USER_DATA.items():
        sub = idp.admin_get_user(user_pool_id, username).id
        identity_id = new_identity(identity, region, pool, (provider, sub))
        ids[username] = identity_id
        s3.put_object(
            bucket, f"private/{identity_id}/{data['file']}", data["body"], disable_notification=True
        )
        dynamodb.put_item(
            TABLE,
            {
                PARTITION_KEY: {"S": identity_id},
                "displayName": {"S": data["displayName"]},
                "city": {"S": data["city"]},
            },
        )
    return ids
