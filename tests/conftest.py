"""Shared fixtures: a mission site with its front page, archive and masthead settings."""

import pytest
from django.conf import settings
from django.core.cache import cache
from wagtail.models import Locale, Page, Site

from chancery.core.factories import CityFactory, ConsularPhoneFactory, MissionSettingsFactory
from chancery.home.factories import HomePageFactory
from chancery.newsroom.factories import NewsIndexPageFactory, PublicationKindFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: rolled-back test data never bumps the generation."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def locale(db):
    # get_or_create: a transactional test's flush removes what the migrations made.
    return Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)[0]


@pytest.fixture
def home(locale):
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    root.get_children().filter(slug="home").delete()
    return HomePageFactory(parent=root, title="Front page", slug="home")


@pytest.fixture
def site(home):
    Site.objects.all().delete()
    return Site.objects.create(
        hostname="testserver", port=80, root_page=home, is_default_site=True, site_name="Test"
    )


@pytest.fixture
def mission(site):
    mission = MissionSettingsFactory(site=site, reference_time_zone="Europe/Moscow")
    CityFactory(mission=mission, name="Moscow", time_zone="Europe/Moscow", sort_order=0)
    CityFactory(mission=mission, name="London", time_zone="Europe/London", sort_order=1)
    ConsularPhoneFactory(mission=mission, number="+44 20 7946 0123")
    return mission


@pytest.fixture
def news(home, site, mission):
    return NewsIndexPageFactory(parent=home, title="News", slug="news")


@pytest.fixture
def statement_kind(locale):
    return PublicationKindFactory(slug="statement", locale=locale)


@pytest.fixture
def feed_server(settings):
    """A local feed server on a free port; fetches time out after half a second."""
    from tests.feed_server import FeedServer

    settings.SYNDICATION_FETCH_TIMEOUT = 0.5
    server = FeedServer().start()
    yield server
    server.stop()


def translate(page, language_code, **changes):
    """Publishes a translation of `page` (whose parent must be translated already)."""
    target = Locale.objects.get(language_code=language_code)
    translation = page.copy_for_translation(target)
    for name, value in changes.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


@pytest.fixture
def ru_home(home, site):
    return translate(home, "ru", title="Главная")


@pytest.fixture
def ru_news(news, ru_home):
    return translate(news, "ru", title="Новости")


@pytest.fixture
def ru_statement_kind(statement_kind):
    kind = statement_kind.copy_for_translation(Locale.objects.get(language_code="ru"))
    kind.name, kind.plural_name = "Заявление", "заявления"
    kind.save()
    return kind


# The press office's people, one per role (chancery.editorial). Several can be logged in at
# once: each `client_for(user)` is a separate browser.
def member(group, username):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw-test-1")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def author(db):
    from chancery.editorial.enums import EditorialGroup

    return member(EditorialGroup.AUTHORS, "author")


@pytest.fixture
def press_secretary(db):
    from chancery.editorial.enums import EditorialGroup

    return member(EditorialGroup.PRESS_SECRETARIES, "press1")


@pytest.fixture
def second_press_secretary(db):
    from chancery.editorial.enums import EditorialGroup

    return member(EditorialGroup.PRESS_SECRETARIES, "press2")


@pytest.fixture
def translator(db):
    from chancery.editorial.enums import EditorialGroup

    return member(EditorialGroup.TRANSLATORS, "translator")


@pytest.fixture
def site_administrator(db):
    from chancery.editorial.enums import EditorialGroup

    return member(EditorialGroup.SITE_ADMINISTRATORS, "siteadmin")


@pytest.fixture
def superuser_client(db):
    """A superuser signed in through both steps; server errors come back as 500 answers
    instead of raising, as a browser would see them."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from tests.accounts_helpers import sign_in

    user = get_user_model().objects.create_superuser("root", "root@example.org", "pw-test-1")
    return sign_in(Client(raise_request_exception=False), user, "pw-test-1")


@pytest.fixture
def world(news, statement_kind, author, press_secretary):
    """One of each kind of object the admin shows (tests/authorisation.py)."""
    from tests.authorisation import World

    return World(news=news, kind=statement_kind, press_secretary=press_secretary, author=author)


@pytest.fixture
def client_for(db):
    from django.test import Client

    from tests.accounts_helpers import sign_in

    def make(user):
        client = Client()
        return sign_in(client, user, "pw-test-1")

    return make
