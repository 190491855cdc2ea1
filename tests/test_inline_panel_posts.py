"""Mission settings posted with an inline panel's row counts garbled: a form error, quickly.

Each inline panel posts its row count as `<name>-TOTAL_FORMS`; a crafted count of 10**9 must
not make the admin build and draw thousands of rows (chancery/core/formsets.py).
"""

import re

import pytest
from django.urls import reverse

from chancery.core.formsets import MAX_ROWS
from chancery.core.models import MissionSettings

from .admin_forms import database_state, post_forms, stable_tables

PANELS = ("cities", "phones", "texts", "city_names")
FORMSET_TAMPERING = {
    "no TOTAL_FORMS": lambda d, panel: d.pop(f"{panel}-TOTAL_FORMS"),
    "non-integer TOTAL_FORMS": lambda d, panel: d.update({f"{panel}-TOTAL_FORMS": "many"}),
    "huge TOTAL_FORMS": lambda d, panel: d.update({f"{panel}-TOTAL_FORMS": str(10**9)}),
    "TOTAL_FORMS just over the cap": lambda d, panel: d.update(
        {f"{panel}-TOTAL_FORMS": str(MAX_ROWS + 1)}
    ),
    "no INITIAL_FORMS": lambda d, panel: d.pop(f"{panel}-INITIAL_FORMS"),
    "non-integer INITIAL_FORMS": lambda d, panel: d.update({f"{panel}-INITIAL_FORMS": "x"}),
}


def settings_post(client, mission):
    """Settings → Mission as the browser sends it unchanged."""
    url = reverse("wagtailsettings:edit", args=["core", "missionsettings", mission.site_id])
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    form = max(post_forms(response.content.decode()), key=lambda f: len(f["text"]))
    return url, dict(form["fields"])


@pytest.mark.parametrize("panel", PANELS)
@pytest.mark.parametrize("tampering", list(FORMSET_TAMPERING))
def test_garbled_row_count_is_a_form_error(tampering, panel, superuser_client, mission):
    """An inline panel's row counts missing, non-numeric or huge: refused, nothing saved."""
    url, data = settings_post(superuser_client, mission)
    FORMSET_TAMPERING[tampering](data, panel)
    tables = stable_tables()
    before = database_state(tables, MissionSettings)
    response = superuser_client.post(url, data)
    assert response.status_code == 200, response.status_code
    assert "could not be saved" in response.content.decode()
    assert database_state(tables, MissionSettings) == before


@pytest.mark.parametrize("panel", PANELS)
def test_huge_row_count_builds_at_most_the_cap(panel, superuser_client, mission):
    """A count of 10**9 builds and draws no more than MAX_ROWS rows of that panel."""
    url, data = settings_post(superuser_client, mission)
    data[f"{panel}-TOTAL_FORMS"] = str(10**9)
    response = superuser_client.post(url, data)
    assert response.status_code == 200, response.status_code
    assert len(response.context["form"].formsets[panel].forms) <= MAX_ROWS
    drawn = set(re.findall(rf'name="{panel}-(\d+)-', response.content.decode()))
    assert 0 < len(drawn) <= MAX_ROWS
    assert f"Please submit at most {MAX_ROWS} forms" in response.content.decode()


def test_untampered_settings_post_is_saved(superuser_client, mission):
    """The same post, untampered, is saved: the refusals above are about the tampering."""
    url, data = settings_post(superuser_client, mission)
    data["mission_name"] = "Embassy, renamed"
    # tests/admin_forms.py does not read the zone drop-downs; send the cities' own zones.
    zones = dict(mission.cities.values_list("pk", "time_zone"))
    for index in range(int(data["cities-TOTAL_FORMS"])):
        data[f"cities-{index}-time_zone"] = zones[int(data[f"cities-{index}-id"])]
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.status_code
    assert MissionSettings.objects.get(pk=mission.pk).mission_name == "Embassy, renamed"
