"""A publication posted with its StreamField keys missing or garbled is a form error, never a 500.

The admin's scripts write a StreamField as numbered keys and its rich text as Draftail JSON;
a crafted post can leave a key out or put text where a number or JSON belongs
(chancery/core/stream_fields.py).
"""

import pytest
from django.urls import reverse

from chancery.newsroom.models import PublicationPage

from .admin_forms import block_values, flatten, post_forms


def valid_page_post(client, page, image_id):
    """What the edit form of `page` sends as it stands, its body rewritten with plain text."""
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    form = max(post_forms(client.get(url).content.decode()), key=lambda f: len(f["text"]))
    pairs = [(k, v) for k, v in form["fields"] if not k.startswith("body-")]
    body = block_values(PublicationPage.body.field.stream_block, "Plain text", image_id)
    pairs += list(flatten(body, "body"))
    return url, pairs


BODY_TAMPERING = {
    "no body-count": lambda d: d.pop("body-count"),
    "non-integer count": lambda d: d.update({"body-count": "abc"}),
    "huge count": lambda d: d.update({"body-count": str(10**9)}),
    "count of 5000 digits": lambda d: d.update({"body-count": "9" * 5000}),
    "no deleted key": lambda d: d.pop("body-0-deleted"),
    "no type key": lambda d: d.pop("body-0-type"),
    "non-integer order": lambda d: d.update({"body-1-order": "first"}),
    "rich text that is not JSON": lambda d: d.update(
        {"body-0-value": "<script>alert('xss1337')</script>"}
    ),
    "rich text JSON of the wrong shape": lambda d: d.update({"body-0-value": '["blocks"]'}),
}


@pytest.mark.parametrize("tampering", list(BODY_TAMPERING))
def test_malformed_body_post_is_a_form_error(tampering, world, superuser_client):
    """A publication post with its StreamField keys missing or garbled is refused, not a 500."""
    page = PublicationPage.objects.get(pk=world.values["page"])
    url, pairs = valid_page_post(superuser_client, page, world.values["image"])
    data = dict(pairs)
    BODY_TAMPERING[tampering](data)
    revisions = page.revisions.count()
    response = superuser_client.post(url, data)
    assert response.status_code == 200, response.status_code
    assert "The page could not be saved due to validation errors" in response.content.decode()
    assert page.revisions.count() == revisions


def test_untampered_body_post_is_saved(world, superuser_client):
    """The same post, untampered, is saved: the refusals above are about the tampering."""
    page = PublicationPage.objects.get(pk=world.values["page"])
    url, pairs = valid_page_post(superuser_client, page, world.values["image"])
    revisions = page.revisions.count()
    response = superuser_client.post(url, dict(pairs))
    assert response.status_code == 302, response.status_code
    assert page.revisions.count() == revisions + 1
