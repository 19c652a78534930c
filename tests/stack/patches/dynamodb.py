"""DynamoDB authorisation as AWS does it: table ARNs, one check per table, the
fine-grained condition keys, and DynamoDB's AccessDeniedException.

Targets moto 5.2.5 (`moto/dynamodb/responses.py`, `DynamoHandler`). Stock moto authorises
every DynamoDB call once against resource `*` with no condition keys, so a role that
allows `dynamodb:GetItem` on `table/profiles` only when `dynamodb:LeadingKeys` is the
caller's identity id can never read its own row, and a `*` policy reads everyone's.

Here, before the action runs, the request is authorised by the auth patch once per table
it touches (BatchGetItem/BatchWriteItem/Transact*: each table of `RequestItems` /
`TransactItems`), against `arn:aws:dynamodb:<region>:<account>:table/<name>` (a Query or
Scan with `IndexName`: `.../table/<name>/index/<index>`), with these condition keys:
- `dynamodb:LeadingKeys`: the partition key values the request names (GetItem, PutItem,
  UpdateItem, DeleteItem: the item's; Query: the `KeyConditionExpression`'s or
  `KeyConditions`' equality on the table's or index's partition key; batch and
  transaction calls: every item's for that table); absent for Scan and table calls;
- `dynamodb:Attributes`: the top-level attribute names the request reads or writes
  (PutItem: the item's; UpdateItem: the key's and those the `UpdateExpression` or
  `AttributeUpdates` names; DeleteItem: the key's; reads: `ProjectionExpression` or
  `AttributesToGet`, absent when the request asks for every attribute);
- `dynamodb:Select`, `dynamodb:ReturnValues`, `dynamodb:ReturnConsumedCapacity` when given.
An unsigned call (routed to S3 by stock moto) reaches DynamoDB and is refused there.
A refusal is DynamoDB's: HTTP 400, `{"__type": "com.amazon.coral.service#AccessDeniedException",
"Message": "User: <arn> is not authorized to perform: dynamodb:<Action> on resource: <arn>"}`.
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any

from moto.core.authorization import ActionAuthenticatorMixin
from moto.core.exceptions import JsonRESTError
from moto.dynamodb.responses import DynamoHandler

from .policy import condition_context

_ACCESS_DENIED = "com.amazon.coral.service#AccessDeniedException"
_TOKEN = re.compile(r"#[\w-]+|:[\w-]+|[A-Za-z_][\w-]*|\S")
_UPDATE_CLAUSES = {"set", "remove", "add", "delete"}
_ITEM_ACTIONS = {"GetItem", "PutItem", "UpdateItem", "DeleteItem"}


class DynamoAccessDenied(JsonRESTError):
    """DynamoDB's AccessDeniedException (a coral service error: `Message`, capitalised)."""

    def __init__(self, message: str):
        super().__init__("AccessDeniedException", message)
        self.error_type = _ACCESS_DENIED
        self.description = json.dumps({"__type": _ACCESS_DENIED, "Message": message})


def _scalar(value: Any) -> str | None:
    """The string IAM compares for a key AttributeValue ({"S": ...}, {"N": ...}, {"B": ...})."""
    if not isinstance(value, dict) or len(value) != 1:
        return None
    kind, raw = next(iter(value.items()))
    if kind in ("S", "N") and isinstance(raw, str):
        return raw
    if kind == "B":
        return raw if isinstance(raw, str) else base64.b64encode(raw).decode()
    return None


def top_level_names(expression: str | None, names: dict | None) -> list[str]:
    """Top-level attribute names of a projection or update expression (`a.b[1]` -> `a`;
    `#n` resolved through ExpressionAttributeNames; clause keywords, functions and
    `:values` skipped)."""
    if not isinstance(expression, str):
        return []
    names = names if isinstance(names, dict) else {}
    tokens = _TOKEN.findall(expression)
    found: list[str] = []
    for i, token in enumerate(tokens):
        previous = tokens[i - 1] if i else ""
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if token.startswith(":") or previous in (".", "[") or following == "(":
            continue
        if token.startswith("#"):
            name = names.get(token, token)
        elif re.fullmatch(r"[A-Za-z_][\w-]*", token) and token.lower() not in _UPDATE_CLAUSES:
            name = token
        else:
            continue
        if name not in found:
            found.append(name)
    return found


def _hash_key(backend: Any, table: str, index: str | None = None) -> str | None:
    try:
        schema = backend.get_schema(table_name=table, index_name=index)
    except Exception:  # unknown table or index: moto reports it once the request runs
        return None
    return next((k["AttributeName"] for k in schema if k.get("KeyType") == "HASH"), None)


def _leading_key_of(item: Any, hash_key: str | None) -> list[str]:
    if not isinstance(item, dict) or hash_key is None:
        return []
    value = _scalar(item.get(hash_key))
    return [] if value is None else [value]


def _query_leading_keys(backend: Any, body: dict) -> list[str]:
    from moto.dynamodb.parsing.key_condition_expression import parse_expression

    table, index = body.get("TableName"), body.get("IndexName")
    hash_key = _hash_key(backend, table, index)
    if hash_key is None:
        return []
    expression = body.get("KeyConditionExpression")
    if isinstance(expression, str):
        try:
            schema = backend.get_schema(table_name=table, index_name=index)
            hash_conditions, _, _ = parse_expression(
                key_condition_expression=expression,
                expression_attribute_values=body.get("ExpressionAttributeValues") or {},
                expression_attribute_names=body.get("ExpressionAttributeNames") or {},
                schema=schema,
            )
        except Exception:  # malformed: moto answers ValidationException when it runs
            return []
        return [v for _, value in hash_conditions if (v := _scalar(value)) is not None]
    condition = (body.get("KeyConditions") or {}).get(hash_key)
    if isinstance(condition, dict) and condition.get("ComparisonOperator") == "EQ":
        return [v for v in map(_scalar, condition.get("AttributeValueList") or []) if v]
    return []


def _read_attributes(request: dict) -> list[str]:
    names = top_level_names(
        request.get("ProjectionExpression"), request.get("ExpressionAttributeNames")
    )
    return names or [a for a in request.get("AttributesToGet") or [] if isinstance(a, str)]


def _item_request_keys(action: str, body: dict, hash_key: str | None) -> dict[str, list[str]]:
    """LeadingKeys and Attributes of GetItem, PutItem, UpdateItem, DeleteItem (also the
    elements of batch and transaction calls)."""
    item = body.get("Item") if action == "PutItem" else body.get("Key")
    keys: dict[str, list[str]] = {"dynamodb:LeadingKeys": _leading_key_of(item, hash_key)}
    if action == "PutItem":
        attributes = list(item) if isinstance(item, dict) else []
    elif action == "GetItem":
        attributes = _read_attributes(body)
    else:
        attributes = list(item) if isinstance(item, dict) else []
        if action == "UpdateItem":
            attributes += top_level_names(
                body.get("UpdateExpression"), body.get("ExpressionAttributeNames")
            )
            attributes += list(body.get("AttributeUpdates") or {})
    if attributes:
        keys["dynamodb:Attributes"] = list(dict.fromkeys(attributes))
    return keys


def _merge(into: dict[str, list[str]], keys: dict[str, list[str]]) -> None:
    for name, values in keys.items():
        into.setdefault(name, [])
        into[name] += [v for v in values if v not in into[name]]


def authorization_units(handler: Any, action: str, body: dict) -> list[tuple[str, dict]]:
    """[(resource ARN, condition keys)] the request must be allowed on, one per table."""
    backend = handler.dynamodb_backend
    prefix = f"arn:aws:dynamodb:{handler.region}:{handler.current_account}:table/"
    options = {
        f"dynamodb:{name}": [body[name]]
        for name in ("Select", "ReturnValues", "ReturnConsumedCapacity")
        if isinstance(body.get(name), str)
    }
    per_table: dict[str, dict[str, list[str]]] = {}

    if action in ("BatchGetItem", "BatchWriteItem"):
        for table, requests in (body.get("RequestItems") or {}).items():
            keys = per_table.setdefault(table, {"dynamodb:LeadingKeys": []})
            hash_key = _hash_key(backend, table)
            if action == "BatchGetItem" and isinstance(requests, dict):
                for key in requests.get("Keys") or []:
                    _merge(keys, {"dynamodb:LeadingKeys": _leading_key_of(key, hash_key)})
                attributes = _read_attributes(requests)
                if attributes:
                    _merge(keys, {"dynamodb:Attributes": attributes})
            elif isinstance(requests, list):
                for request in requests:
                    put = (request or {}).get("PutRequest")
                    delete = (request or {}).get("DeleteRequest")
                    if isinstance(put, dict):
                        _merge(keys, _item_request_keys("PutItem", put, hash_key))
                    elif isinstance(delete, dict):
                        _merge(keys, _item_request_keys("DeleteItem", delete, hash_key))
    elif action in ("TransactGetItems", "TransactWriteItems"):
        kinds = {
            "Get": "GetItem",
            "Put": "PutItem",
            "Update": "UpdateItem",
            "Delete": "DeleteItem",
            "ConditionCheck": "DeleteItem",
        }
        for element in body.get("TransactItems") or []:
            for kind, request in (element or {}).items():
                if kind in kinds and isinstance(request, dict):
                    table = request.get("TableName")
                    keys = per_table.setdefault(table, {"dynamodb:LeadingKeys": []})
                    item_keys = _item_request_keys(kinds[kind], request, _hash_key(backend, table))
                    if kind == "ConditionCheck":
                        item_keys.pop("dynamodb:Attributes", None)
                    _merge(keys, item_keys)
    elif isinstance(body.get("TableName"), str):
        table = body["TableName"]
        index = body.get("IndexName") if action in ("Query", "Scan") else None
        if action in _ITEM_ACTIONS:
            keys = _item_request_keys(action, body, _hash_key(backend, table))
        elif action == "Query":
            keys = {"dynamodb:LeadingKeys": _query_leading_keys(backend, body)}
            attributes = _read_attributes(body)
            if attributes:
                keys["dynamodb:Attributes"] = attributes
        elif action == "Scan":
            keys = {}
            attributes = _read_attributes(body)
            if attributes:
                keys["dynamodb:Attributes"] = attributes
        else:
            keys = {}
        resource = f"{prefix}{table}" + (f"/index/{index}" if isinstance(index, str) else "")
        return [(resource, {**{k: v for k, v in keys.items() if v}, **options})]
    else:
        return [("*", options)]

    return [
        (f"{prefix}{table}", {**{k: v for k, v in keys.items() if v}, **options})
        for table, keys in per_table.items()
        if isinstance(table, str)
    ] or [("*", options)]


def _request_body(handler: Any) -> dict:
    raw = handler.normalized_request.environ.get("stack.raw_body")
    if raw is None:
        raw = handler.raw_body or b""
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _authorize(self: DynamoHandler, resource: str = "*") -> None:
    """DynamoHandler._authenticate_and_authorize_normal_action: one check per table."""
    action = self._get_action() or ""
    for unit_resource, keys in authorization_units(self, action, _request_body(self)):
        try:
            with condition_context(keys):
                ActionAuthenticatorMixin._authenticate_and_authorize_normal_action(
                    self, unit_resource
                )
        except JsonRESTError as error:
            if error.error_type == "AccessDeniedException":
                raise DynamoAccessDenied(error.message) from None
            raise


def apply() -> None:
    """Install the per-table authorisation into moto's DynamoHandler."""
    from moto.moto_server.werkzeug_app import UNSIGNED_REQUESTS

    DynamoHandler._authenticate_and_authorize_normal_action = _authorize
    # moto routes an unsigned request by its X-Amz-Target only for Cognito (else to S3):
    # send DynamoDB's to DynamoDB, which refuses it (MissingAuthenticationTokenException).
    UNSIGNED_REQUESTS.setdefault("DynamoDB_20120810", ("dynamodb", "us-east-1"))


__all__ = ["DynamoAccessDenied", "apply", "authorization_units", "top_level_names"]
