"""The seeded pools: the MFA pool's settings, and tenant pairs found by a real search."""

from accounts_helpers import last_code, new_name, password_auth, raises, sign_up


def test_mfa_pool_requires_mfa_and_tracks_devices(stack):
    admin = stack.client("cognito-idp")
    pool_id = stack["mfaPool"]["userPoolId"]
    pool = admin.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["DeviceConfiguration"] == {
        "ChallengeRequiredOnNewDevice": True,
        "DeviceOnlyRememberedOnUserPrompt": True,
    }
    mfa = admin.get_user_pool_mfa_config(UserPoolId=pool_id)
    assert mfa["MfaConfiguration"] == "ON"
    assert mfa["SoftwareTokenMfaConfiguration"] == {"Enabled": True}


def test_always_remember_pool_remembers_every_device(stack):
    admin = stack.client("cognito-idp")
    pool_id = stack["mfaAlwaysPool"]["userPoolId"]
    pool = admin.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["Name"] == "cognito-wasm-mfa-always"
    assert pool["DeviceConfiguration"] == {
        "ChallengeRequiredOnNewDevice": True,
        "DeviceOnlyRememberedOnUserPrompt": False,
    }
    assert admin.get_user_pool_mfa_config(UserPoolId=pool_id)["MfaConfiguration"] == "ON"


def test_email_pool_signs_users_in_by_email_under_a_generated_name(stack):
    """The alias case of remembered devices: the name a user signs in with (the email) is
    not the name Cognito gives the user, which a password sign-in learns from the reply."""
    admin = stack.client("cognito-idp")
    pool = stack["mfaEmailPool"]
    described = admin.describe_user_pool(UserPoolId=pool["userPoolId"])["UserPool"]
    assert described["Name"] == "cognito-wasm-mfa-email"
    assert described["UsernameAttributes"] == ["email"]
    assert described["DeviceConfiguration"] == {
        "ChallengeRequiredOnNewDevice": True,
        "DeviceOnlyRememberedOnUserPrompt": True,
    }
    email = f"{new_name('alias')}@example.com"
    sign_up(stack, pool["clientId"], username=email, email=email)
    name = admin.admin_get_user(UserPoolId=pool["userPoolId"], Username=email)["Username"]
    assert name != email
    stack.idp().confirm_sign_up(
        ClientId=pool["clientId"], Username=email, ConfirmationCode=last_code(stack, name, "sign-up")
    )
    reply = password_auth(stack, email, client_id=pool["clientId"])
    assert reply["ChallengeName"] == "MFA_SETUP"
    assert reply["ChallengeParameters"]["USERNAME"] == name


def test_demo_pool_allows_sign_up_and_optional_mfa(stack):
    admin = stack.client("cognito-idp")
    mfa = admin.get_user_pool_mfa_config(UserPoolId=stack["userPoolId"])
    assert mfa["MfaConfiguration"] == "OPTIONAL"
    assert sign_up(stack)[1]["UserConfirmed"] is False


def _pool_map(stack, credentials=None):
    """Which identity pool is bound to which user pool, found as a client would."""
    idp = stack.client("cognito-idp", credentials=credentials)
    identity = stack.client("cognito-identity", credentials=credentials)
    user_pools = {p["Id"]: p["Name"] for p in idp.list_user_pools(MaxResults=60)["UserPools"]}
    found = {}
    for listed in identity.list_identity_pools(MaxResults=60)["IdentityPools"]:
        described = identity.describe_identity_pool(IdentityPoolId=listed["IdentityPoolId"])
        for provider in described.get("CognitoIdentityProviders", []):
            pool_id = provider["ProviderName"].rsplit("/", 1)[-1]
            if pool_id in user_pools:
                found[user_pools[pool_id]] = (
                    pool_id,
                    listed["IdentityPoolId"],
                    listed["IdentityPoolName"],
                )
    return found


def test_tenant_pairs_are_found_by_describing_identity_pools(stack, user_credentials):
    tenants = stack["tenants"]
    assert [t["name"].split("-")[0] for t in tenants] == ["SYSADMIN", "TENANT", "TENANT", "TENANT"]
    found = _pool_map(stack, user_credentials)  # the authenticated role may search
    for tenant in tenants:
        assert found[tenant["name"]] == (
            tenant["userPoolId"],
            tenant["identityPoolId"],
            tenant["name"],
        )
    assert len({t["identityPoolId"] for t in tenants}) == len(tenants)


def test_the_guest_role_may_not_search(stack, guest_credentials):
    idp = stack.client("cognito-idp", credentials=guest_credentials)
    raises("AccessDeniedException", idp.list_user_pools, MaxResults=60)
