"""Remembered devices: the device store, the device operations and device SRP.

Targets moto 5.2.5 (moto has no device API: ConfirmDevice, GetDevice, ListDevices,
ForgetDevice and UpdateDeviceStatus answer InternalFailure "not implemented"). When a pool
has a `DeviceConfiguration`, a sign-in that used no known device returns
`NewDeviceMetadata` {DeviceKey `<region>_<uuid>`, DeviceGroupKey}; the client confirms it
with ConfirmDevice and a `DeviceSecretVerifierConfig` it computed:

    PasswordVerifier = base64(padHex(g^x)), Salt = base64(padHex(salt)),
    x = H(padHex(salt) || H(DeviceGroupKey || DeviceKey || ":" || randomPassword))

i.e. user SRP with the device group key as the pool name and the device key as the user
(see srp.py). `UserConfirmationNecessary` is the pool's DeviceOnlyRememberedOnUserPrompt:
then the device is remembered only after UpdateDeviceStatus(remembered); otherwise it is
remembered at once. A remembered device lets a sign-in answer DEVICE_SRP_AUTH /
DEVICE_PASSWORD_VERIFIER (challenges.py) instead of MFA, and its proof is checked with the
stored verifier exactly as srp.py checks a password proof.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import secrets
import string
import threading
import uuid
from dataclasses import dataclass, field

from moto.cognitoidp.exceptions import InvalidParameterException, ResourceNotFoundError
from moto.cognitoidp.responses import CognitoIdpResponse
from moto.core.responses import ActionResult, EmptyResult

from . import srp
from .users import signed_in

REMEMBERED = ("remembered", "not_remembered")
MAX_LIST = 60


@dataclass
class Device:
    """One device of one user."""

    key: str
    group_key: str
    pool_id: str
    username: str
    name: str = ""
    confirmed: bool = False
    remembered: bool = False
    verifier: int = 0
    salt: int = 0
    created: datetime.datetime = field(
        default_factory=lambda: datetime.datetime.now(datetime.timezone.utc)
    )
    modified: datetime.datetime | None = None
    authenticated: datetime.datetime | None = None

    def to_json(self) -> dict:
        """Cognito's DeviceType."""
        attributes = [
            {"Name": "device_status", "Value": "valid"},
            {
                "Name": "dev:device_remembered_status",
                "Value": "remembered" if self.remembered else "not_remembered",
            },
            {"Name": "last_ip_used", "Value": "127.0.0.1"},
        ]
        if self.name:
            attributes.append({"Name": "device_name", "Value": self.name})
        return {
            "DeviceKey": self.key,
            "DeviceAttributes": attributes,
            "DeviceCreateDate": self.created.timestamp(),
            "DeviceLastModifiedDate": (self.modified or self.created).timestamp(),
            "DeviceLastAuthenticatedDate": (self.authenticated or self.created).timestamp(),
        }


_lock = threading.Lock()
_devices: dict[str, Device] = {}


def tracks_devices(pool) -> bool:
    """The pool has a DeviceConfiguration (device tracking on)."""
    return bool(pool.extended_config.get("DeviceConfiguration"))


def remembered_on_prompt(pool) -> bool:
    """DeviceOnlyRememberedOnUserPrompt: remembering waits for UpdateDeviceStatus."""
    return bool(
        (pool.extended_config.get("DeviceConfiguration") or {}).get(
            "DeviceOnlyRememberedOnUserPrompt"
        )
    )


def new_device(pool, username: str) -> Device:
    """A device for NewDeviceMetadata (not confirmed yet)."""
    region = pool.id.split("_", 1)[0]
    alphabet = string.ascii_letters + string.digits
    device = Device(
        key=f"{region}_{uuid.uuid4()}",
        group_key="-" + "".join(secrets.choice(alphabet) for _ in range(9)),
        pool_id=pool.id,
        username=username,
    )
    with _lock:
        _devices[device.key] = device
    return device


def get(pool_id: str, username: str, device_key: object) -> Device | None:
    """The user's device with this key, or None."""
    if not isinstance(device_key, str):
        return None
    device = _devices.get(device_key)
    if device is None or device.pool_id != pool_id or device.username != username:
        return None
    return device


def usable(pool, username: str, device_key: object) -> Device | None:
    """A confirmed, remembered device of the user (it may skip MFA), or None."""
    device = get(pool.id, username, device_key)
    if device is None or not device.confirmed or not device.remembered:
        return None
    return device


def forget_user(pool_id: str, username: str) -> None:
    """Drop every device of a deleted user."""
    with _lock:
        for key in [
            k for k, d in _devices.items() if d.pool_id == pool_id and d.username == username
        ]:
            del _devices[key]


def start_srp(device: Device, a_public: int) -> tuple[int, srp.PendingSrp]:
    """Server's first device-SRP step with the stored verifier: returns (B, state)."""
    while True:
        b_private = int.from_bytes(secrets.token_bytes(128), "big") % srp.N
        b_public = (srp.K * device.verifier + pow(srp.G, b_private, srp.N)) % srp.N
        if b_public and srp.compute_u(a_public, b_public):
            break
    state = srp.PendingSrp(
        "", device.key, device.group_key, a_public, b_private, b_public, device.verifier
    )
    return b_public, state


# --- operations ------------------------------------------------------------------------


def _device_of(backend, access_token, device_key) -> tuple[object, object, Device]:
    pool, user = signed_in(backend, access_token)
    if not isinstance(device_key, str) or not device_key:
        raise InvalidParameterException("DeviceKey is required")
    device = get(pool.id, user.username, device_key)
    if device is None:
        raise ResourceNotFoundError("Device does not exist.")
    return pool, user, device


def _b64_number(value: object, name: str) -> int:
    try:
        number = int.from_bytes(base64.b64decode(value, validate=True), "big")
    except (binascii.Error, ValueError, TypeError):
        raise InvalidParameterException(f"{name} must be base64")
    if number <= 0:
        raise InvalidParameterException(f"{name} must not be zero")
    return number


def confirm_device(self: CognitoIdpResponse) -> ActionResult:
    """ConfirmDevice: store the device's SRP verifier and salt."""
    pool, _, device = _device_of(
        self.backend, self._get_param("AccessToken"), self._get_param("DeviceKey")
    )
    config = self._get_param("DeviceSecretVerifierConfig") or {}
    verifier = _b64_number(config.get("PasswordVerifier"), "PasswordVerifier")
    salt = _b64_number(config.get("Salt"), "Salt")
    if verifier % srp.N == 0:
        raise InvalidParameterException("PasswordVerifier mod N cannot be 0")
    if device.confirmed:
        raise InvalidParameterException("Device has already been confirmed.")
    device.verifier, device.salt = verifier % srp.N, salt
    device.name = str(self._get_param("DeviceName") or "")[:1024]
    device.confirmed = True
    device.remembered = not remembered_on_prompt(pool)
    device.modified = datetime.datetime.now(datetime.timezone.utc)
    return ActionResult({"UserConfirmationNecessary": remembered_on_prompt(pool)})


def get_device(self: CognitoIdpResponse) -> ActionResult:
    """GetDevice."""
    _, _, device = _device_of(
        self.backend, self._get_param("AccessToken"), self._get_param("DeviceKey")
    )
    return ActionResult({"Device": device.to_json()})


def list_devices(self: CognitoIdpResponse) -> ActionResult:
    """ListDevices: the user's confirmed devices, oldest first, paginated."""
    pool, user = signed_in(self.backend, self._get_param("AccessToken"))
    limit = self._get_param("Limit")
    if limit is None:
        limit = MAX_LIST
    if not isinstance(limit, int) or not 0 <= limit <= MAX_LIST:
        raise InvalidParameterException(f"Limit must be between 0 and {MAX_LIST}")
    limit = limit or MAX_LIST
    mine = [
        d
        for d in list(_devices.values())
        if d.pool_id == pool.id and d.username == user.username and d.confirmed
    ]
    start = 0
    token = self._get_param("PaginationToken")
    if token is not None:
        keys = [d.key for d in mine]
        if token not in keys:
            raise InvalidParameterException("Invalid PaginationToken")
        start = keys.index(token)
    page = mine[start : start + limit]
    result = {"Devices": [d.to_json() for d in page]}
    if start + limit < len(mine):
        result["PaginationToken"] = mine[start + limit].key
    return ActionResult(result)


def forget_device(self: CognitoIdpResponse) -> EmptyResult:
    """ForgetDevice: the device is gone (its key no longer skips MFA)."""
    _, _, device = _device_of(
        self.backend, self._get_param("AccessToken"), self._get_param("DeviceKey")
    )
    with _lock:
        _devices.pop(device.key, None)
    return EmptyResult()


def update_device_status(self: CognitoIdpResponse) -> ActionResult:
    """UpdateDeviceStatus: remembered or not_remembered."""
    _, _, device = _device_of(
        self.backend, self._get_param("AccessToken"), self._get_param("DeviceKey")
    )
    status = self._get_param("DeviceRememberedStatus")
    if status not in REMEMBERED:
        raise InvalidParameterException(
            "1 validation error detected: Value at 'deviceRememberedStatus' failed to satisfy "
            "constraint: Member must satisfy enum value set: [remembered, not_remembered]"
        )
    if not device.confirmed:
        raise InvalidParameterException("Device has not been confirmed.")
    device.remembered = status == "remembered"
    device.modified = datetime.datetime.now(datetime.timezone.utc)
    return ActionResult({})


def apply() -> None:
    """Add the device operations to moto's cognito-idp JSON dispatcher."""
    CognitoIdpResponse.confirm_device = confirm_device
    CognitoIdpResponse.get_device = get_device
    CognitoIdpResponse.list_devices = list_devices
    CognitoIdpResponse.forget_device = forget_device
    CognitoIdpResponse.update_device_status = update_device_status
