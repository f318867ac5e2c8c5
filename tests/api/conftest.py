import json

import pytest


@pytest.fixture
def api(client, owner, token_for):
    """Call the API as the owner: api("POST", "/path", {...})."""
    headers = token_for(owner)

    def call(method, path, body=None):
        kwargs = dict(headers)
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        return client.generic(method, "/api/v1" + path, **kwargs)

    return call
