"""One region for the Cognito services, whatever the request says.

Targets moto 5.2.5 (`BaseResponse.get_region_from_url`). Unsigned Cognito calls carry no
region (the host is 127.0.0.1 and there is no credential scope), so moto falls back to
us-east-1 and then cannot find a pool that lives in another region for calls such as
GlobalSignOut or GetId. The stack is one regional endpoint, as a real Cognito endpoint
is: every Cognito request is served by that region's backends. (A signed request scoped
to another region is refused by `auth.py` before it gets here.)
"""

from moto.cognitoidentity.responses import CognitoIdentityResponse
from moto.cognitoidp.responses import CognitoIdpResponse


def apply(region: str) -> None:
    """Make `region` the region of every cognito-idp and cognito-identity request."""

    def get_region_from_url(self, request, full_url):  # noqa: ARG001 (moto's signature)
        return region

    for cls in (CognitoIdpResponse, CognitoIdentityResponse):
        cls.get_region_from_url = get_region_from_url
