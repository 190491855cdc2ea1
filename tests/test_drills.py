"""The fault drills' own machinery, in a tiny run: `make drills` does the real one.

Three kills of the publishing gunicorn worker (deploy/gunicorn.conf.py, against the test
database) and five seconds of fixed-rate load, through the very functions of
scripts/drills.py, with their checks: so the drills cannot rot unnoticed between runs.
"""

import importlib.util
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from chancery.newsroom.factories import PublicationPageFactory, paragraphs
from tests.test_page_cache import closed_port
from tests.test_worker_processes import worker_env

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

spec = importlib.util.spec_from_file_location(
    "drills", Path(settings.BASE_DIR) / "scripts" / "drills.py"
)
drills = importlib.util.module_from_spec(spec)
spec.loader.exec_module(drills)


@pytest.fixture
def app(tmp_path, monkeypatch):
    port = closed_port()
    monkeypatch.setattr(drills, "APP_PORT", port)
    env = worker_env(GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="2")
    server = drills.App(tmp_path, env)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_superuser(
        "drill-editor", "d@example.org", drills.PASSWORD
    )
    device = TOTPDevice.objects.create(user=user, name="drills", confirmed=True)
    return user, device


def test_killed_publishing_workers_leave_whole_pages_and_are_replaced(
    app, editor, news, statement_kind
):
    """Three kill -9s mid-publish: pages whole, revisions kept, tree clean, workers back."""
    pages = []
    for n in range(2):
        page = PublicationPageFactory(
            parent=news,
            kind=statement_kind,
            title=f"Drill version {n}.0",
            slug=f"drill-{n}",
            body=paragraphs(f"Body of drill version {n}.0"),
        )
        page.save_revision().publish()
        pages.append(page.pk)
    user, device = editor
    client = drills.Editor(drills.APP_PORT, user.username, device.key)
    client.sign_in()
    result = drills.drill_kills(app, client, pages, 3)
    assert result["problems"] == []
    assert result["kills"] + result["missed"] == 3 and result["kills"] >= 1
    assert result["old"] + result["new"] == result["kills"]
    assert result["within_limit"], result
    assert len(app.workers()) == app.expected_workers()


def test_fixed_rate_load_counts_every_request(app, news):
    """Five seconds at 10 requests/s: every request made, answered and timed."""
    result = drills.fixed_rate_load(drills.APP_PORT, ["/en/", "/en/news/"], 10, 5, workers=4)
    assert result["requests"] == 50
    assert result["errors"] == 0, result["error_samples"]
    assert 0 < result["p50_ms"] <= result["p99_ms"] <= result["max_ms"]


def test_percentile_is_the_nearest_rank():
    """p50 and p99 of 1..100 are 50 and 99; of nothing, None."""
    values = list(range(1, 101))
    assert drills.percentile(values, 0.5) == 50
    assert drills.percentile(values, 0.99) == 99
    assert drills.percentile([], 0.99) is None
