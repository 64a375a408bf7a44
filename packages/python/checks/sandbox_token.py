"""POST /users/getToken with the default credentials; shared by the checks."""

import json
import urllib.request

from iamport_sandbox import DEFAULT_KEY, DEFAULT_SECRET


def get_token(base_url: str) -> str:
    """The access token the sandbox at base_url gives; fails on anything else."""
    request = urllib.request.Request(
        base_url + "/users/getToken",
        data=json.dumps({"imp_key": DEFAULT_KEY, "imp_secret": DEFAULT_SECRET}).encode(),
        headers={"content-type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        body = json.load(response)
    assert body["code"] == 0, body
    token = body["response"]["access_token"]
    assert isinstance(token, str) and token, body
    return token
