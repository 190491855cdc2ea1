"""Loads the demo mission: an invented country's embassy in London, with its newsroom.

Idempotent: on a database that already has the demo it only makes sure the demo
accounts exist and prints their logins: password and authenticator set-up for each.
"""

import datetime as dt
import os
import random
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from chancery.accounts.devices import demo_authenticator
from chancery.core.factories import CityFactory, ConsularPhoneFactory, MissionSettingsFactory
from chancery.core.models import CityName, MissionSettings, MissionText
from chancery.editorial.enums import EditorialGroup
from chancery.home.factories import HomePageFactory
from chancery.home.models import HomePage
from chancery.masthead.factories import DayCounterFactory
from chancery.masthead.models import DayCounter
from chancery.newsroom.factories import NewsIndexPageFactory, PublicationPageFactory, paragraphs
from chancery.newsroom.models import NewsIndexPage, PublicationKind, PublicationPage
from chancery.syndication.demo import ensure_demo_feed

SEED = 20220119
PUBLICATION_COUNT = 48
COUNTRY = "Vendaria"
CAPITAL = "Marenstadt"

# (kind slug, title, first paragraph); {n} varies the wording so titles stay distinct.
TOPICS = [
    (
        "press-release",
        "Embassy opens registration for the {n} Vendarian Culture Week in London",
        "The Embassy invites the public to a week of music, film and crafts from every region of "
        "Vendaria. Admission to all events is free.",
    ),
    (
        "statement",
        "Statement on the {n} anniversary of the Vendaria–United Kingdom scholarship programme",
        "The programme has brought students of both countries together for many years, "
        "and the Embassy thanks every university that takes part.",
    ),
    (
        "notice",
        "Consular section hours during the {n} public holidays",
        "The consular section will be closed on public holidays. Urgent matters can be raised by "
        "telephone at any time.",
    ),
    (
        "comment",
        "Comment on the {n} Marenstadt book fair",
        "Publishers from London will present their work in Marenstadt this year, and the Embassy "
        "welcomes the growing exchange of translations.",
    ),
    (
        "interview",
        "Interview of the Ambassador with a regional newspaper ({n})",
        "The Ambassador spoke about cultural exchange, student mobility and the new direct flights "
        "between Marenstadt and London.",
    ),
    (
        "reply",
        "Reply to a media question about visa application times ({n})",
        "Applications are currently processed within fifteen working days. Applicants are advised "
        "to apply at least a month before travelling.",
    ),
    (
        "speech",
        "Remarks by the Ambassador at the {n} reception for Vendarian National Day",
        "Friends, it is a pleasure to welcome you to celebrate the traditions that our peoples "
        "have shared for generations.",
    ),
    (
        "briefing",
        "Briefing for journalists on the {n} trade and tourism forum",
        "The forum will bring together small businesses, tour operators and chambers of commerce "
        "from both countries.",
    ),
    (
        "news",
        "Vendarian choir performs in London for the {n} time",
        "The National Youth Choir of Vendaria gave a concert of folk songs to a full hall.",
    ),
    (
        "remarks",
        "Remarks at the opening of the {n} exhibition of Vendarian textiles",
        "The exhibition shows weaving patterns from the mountain villages of Vendaria, some of "
        "them centuries old.",
    ),
]
# Russian: the kinds' names, then a translation of the first publication of each kind.
RU_KINDS = {
    "press-release": ("Пресс-релиз", "пресс-релизы"),
    "statement": ("Заявление", "заявления"),
    "comment": ("Комментарий", "комментарии"),
    "remarks": ("Выступление", "выступления"),
    "speech": ("Речь", "речи"),
    "interview": ("Интервью", "интервью"),
    "briefing": ("Брифинг", "брифинги"),
    "reply": ("Ответ на вопрос СМИ", "ответы на вопросы СМИ"),
    "notice": ("Объявление", "объявления"),
    "news": ("Новость", "новости"),
}
RU_TOPICS = {
    "press-release": (
        "Посольство открывает регистрацию на первую Неделю вендарийской культуры в Лондоне",
        "Посольство приглашает всех желающих на неделю музыки, кино и ремёсел из всех регионов "
        "Вендарии. Вход на все мероприятия свободный.",
    ),
    "statement": (
        "Заявление к первой годовщине стипендиальной программы Вендарии и Соединённого Королевства",
        "Программа много лет объединяет студентов обеих стран, и Посольство благодарит каждый "
        "университет, который в ней участвует.",
    ),
    "notice": (
        "Часы работы консульского отдела в первые праздничные дни",
        "В праздничные дни консульский отдел закрыт. По срочным вопросам можно звонить "
        "в любое время.",
    ),
    "comment": (
        "Комментарий к первой книжной ярмарке в Маренштадте",
        "В этом году лондонские издательства представят свои книги в Маренштадте, и Посольство "
        "приветствует растущий обмен переводами.",
    ),
    "interview": (
        "Интервью Посла региональной газете (первое)",
        "Посол рассказал о культурном обмене, поездках студентов и новых прямых рейсах между "
        "Маренштадтом и Лондоном.",
    ),
    "reply": (
        "Ответ на вопрос СМИ о сроках оформления виз (первый)",
        "Сейчас заявления рассматриваются в течение пятнадцати рабочих дней. Заявителям "
        "советуем подавать документы не позднее чем за месяц до поездки.",
    ),
    "speech": (
        "Выступление Посла на первом приёме по случаю Национального дня Вендарии",
        "Друзья, мне приятно приветствовать вас на празднике традиций, которые наши народы "
        "разделяют уже много поколений.",
    ),
    "briefing": (
        "Брифинг для журналистов о первом форуме торговли и туризма",
        "Форум соберёт малый бизнес, туроператоров и торговые палаты обеих стран.",
    ),
}
RU_QUESTION = (
    "Сколько времени занимает оформление визы?",
    "Большинство заявлений решается в течение пятнадцати рабочих дней.",
)
RU_CLOSING = "Подробности можно узнать в пресс-службе Посольства."
RU_QUOTE = "Культура — мост между нашими народами."

# One demo account per role, all with the demo password (see docs/editors-guide.md).
DEMO_EDITORS = [
    ("Author", "author", EditorialGroup.AUTHORS),
    ("Press secretary", "press", EditorialGroup.PRESS_SECRETARIES),
    ("Translator", "translator", EditorialGroup.TRANSLATORS),
    ("Site administrator", "siteadmin", EditorialGroup.SITE_ADMINISTRATORS),
]
ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth"]


def translate(page, locale, **fields):
    """A published translation of `page` into `locale` (its parent translated already)."""
    translation = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation


class Command(BaseCommand):
    help = "Load the fictional demo mission (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        port = os.environ.get("PORT", "8000")
        if not port.isdigit():
            raise CommandError(f"PORT must be a number, not {port!r}.")
        if HomePage.objects.exists():
            self.stdout.write("Demo content is already loaded.")
        else:
            with transaction.atomic():
                self.load()
            self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        russian = self.russian_locale()
        if russian is not None and not HomePage.objects.filter(locale=russian).exists():
            # Also on a demo loaded before it had Russian pages.
            with transaction.atomic():
                self.load_russian(russian)
            self.stdout.write(self.style.SUCCESS("Russian demo content loaded."))
        self.register_feed(int(port))
        self.print_logins()

    def register_feed(self, port):
        # The worker imports the ministry's (fixture) feed from the demo server itself.
        feed = ensure_demo_feed(source_name=f"Ministry of Foreign Affairs of {COUNTRY}", port=port)
        if feed is not None:
            self.stdout.write(f"Demo ministry feed: {feed.url} (imported by the worker)")

    def load(self):
        rng = random.Random(SEED)  # noqa: S311 - reproducible demo text, not a secret
        locale = Locale.get_default()
        # Replace Wagtail's welcome page with the mission's front page.
        root = Page.get_first_root_node()
        for welcome in root.get_children().filter(slug="home"):
            welcome.delete()
        home = HomePageFactory(parent=root, title="Front page", slug="home", locale=locale)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            site = Site(is_default_site=True)
        site.hostname, site.port, site.site_name = "127.0.0.1", 8000, f"Embassy of {COUNTRY}"
        site.root_page = home
        site.save()

        mission = MissionSettingsFactory(
            site=site, mission_name=f"Embassy of the Republic of {COUNTRY} in London"
        )
        CityFactory(mission=mission, name=CAPITAL, time_zone="Europe/Helsinki", sort_order=0)
        CityFactory(mission=mission, name="London", time_zone="Europe/London", sort_order=1)
        ConsularPhoneFactory(mission=mission, number="+44 20 7946 0123", sort_order=0)
        ConsularPhoneFactory(
            mission=mission, number="+44 20 7946 0999", note="emergencies", sort_order=1
        )
        mission.consular_email = "consular@vendaria-embassy.example"
        mission.save()

        DayCounterFactory(
            site=site,
            event="the harbour fire in Marenstadt",
            event_date=dt.date(2018, 3, 4),
            caption="the reconstruction fund is still open for donations",
            sort_order=0,
        )
        DayCounterFactory(
            site=site,
            event="the first direct flight between Marenstadt and London",
            event_date=dt.date(2019, 6, 12),
            sort_order=1,
        )

        news = NewsIndexPageFactory(parent=home, title="News", slug="news", locale=locale)
        kinds = {kind.slug: kind for kind in PublicationKind.objects.filter(locale=locale)}
        now = timezone.now().replace(second=0, microsecond=0)
        moment = now - dt.timedelta(hours=3)
        for number in range(PUBLICATION_COUNT):
            slug, title, lead = TOPICS[number % len(TOPICS)]
            ordinal = ORDINALS[number // len(TOPICS) % len(ORDINALS)]
            page = PublicationPageFactory.build(
                title=title.format(n=ordinal),
                slug=f"{slug}-{number + 1}",
                kind=kinds[slug],
                locale=locale,
                published_at=moment,
                body=self.body_for(slug, lead, rng),
            )
            if number % 7 == 3:
                page.source_name = f"Ministry of Foreign Affairs of {COUNTRY}"
                page.source_url = f"https://mfa.vendaria.example/en/news/{number + 1}/"
                page.source_published_at = moment - dt.timedelta(hours=2)
            if number == 1:
                page.pinned = True
            news.add_child(instance=page)
            page.save_revision().publish()
            moment -= dt.timedelta(hours=rng.randint(20, 70), minutes=rng.randint(0, 59))

    def russian_locale(self):
        if "ru" not in dict(settings.WAGTAIL_CONTENT_LANGUAGES):
            return None
        return Locale.objects.filter(language_code="ru").first()

    def load_russian(self, russian):
        """Russian translations of the front page, the archive, the first item of each kind,
        the kinds, the masthead texts and the day counters."""
        site = Site.objects.get(is_default_site=True)
        home = site.root_page.specific
        translate(home, russian, title="Главная")
        news = NewsIndexPage.objects.child_of(home).get()
        translate(news, russian, title="Новости")

        mission = MissionSettings.for_site(site)
        MissionText.objects.get_or_create(
            mission=mission,
            locale=russian,
            defaults={
                "mission_name": "Посольство Республики Вендария в Лондоне",
                "consular_label": "Консульские вопросы:",
            },
        )
        ru_cities = {CAPITAL: "Маренштадт", "London": "Лондон"}
        for city in mission.cities.all():
            if city.name in ru_cities:
                CityName.objects.get_or_create(
                    mission=mission,
                    city=city,
                    locale=russian,
                    defaults={"name": ru_cities[city.name]},
                )
        ru_counters = {
            "the harbour fire in Marenstadt": (
                "пожара в порту Маренштадта",
                "фонд восстановления по-прежнему принимает пожертвования",
            ),
            "the first direct flight between Marenstadt and London": (
                "первого прямого рейса между Маренштадтом и Лондоном",
                "",
            ),
        }
        for counter in DayCounter.objects.filter(site=site, locale=Locale.get_default()):
            if counter.event in ru_counters and counter.get_translation_or_none(russian) is None:
                translation = counter.copy_for_translation(russian)
                translation.event, translation.caption = ru_counters[counter.event]
                translation.save()

        for kind in PublicationKind.objects.filter(locale=Locale.get_default()):
            if kind.slug in RU_KINDS and kind.get_translation_or_none(russian) is None:
                translation = kind.copy_for_translation(russian)
                translation.name, translation.plural_name = RU_KINDS[kind.slug]
                translation.save()

        translated_kinds = set()
        for page in PublicationPage.objects.child_of(news).order_by("-published_at"):
            slug = page.kind.slug
            if slug not in RU_TOPICS or slug in translated_kinds:
                continue
            translated_kinds.add(slug)
            title, lead = RU_TOPICS[slug]
            body = [*paragraphs(lead)]
            if slug in {"interview", "reply"}:
                question, answer = RU_QUESTION
                body.append(
                    (
                        "question_answer",
                        {
                            "question": RichText(f"<p>{question}</p>"),
                            "answer": RichText(f"<p>{answer}</p>"),
                        },
                    )
                )
            else:
                body += [*paragraphs(RU_CLOSING), ("quote", {"text": RU_QUOTE, "attribution": ""})]
            translate(page, russian, title=title, body=body)

    def body_for(self, kind_slug, lead, rng):
        if kind_slug in {"interview", "reply"}:
            question = "How long does it take to get a visa?"
            answer = "Most applications are decided within fifteen working days."
            return [
                *paragraphs(lead),
                (
                    "question_answer",
                    {
                        "question": RichText(f"<p>{question}</p>"),
                        "answer": RichText(f"<p>{answer}</p>"),
                    },
                ),
            ]
        closing = rng.choice(
            [
                "Further details are available from the Embassy's press office.",
                "The Embassy thanks its partners for their support.",
                "Everyone is welcome to attend.",
            ]
        )
        return [
            *paragraphs(lead, closing),
            ("quote", {"text": "Culture is the bridge between our peoples.", "attribution": ""}),
        ]

    def print_logins(self):
        password = self.demo_password()
        user_model = get_user_model()
        admin, created = user_model.objects.get_or_create(
            username="admin", defaults={"email": "admin@vendaria-embassy.example"}
        )
        if created or not admin.check_password(password):
            admin.is_staff = admin.is_superuser = True
            admin.set_password(password)
            admin.save()
        self.stdout.write(
            f"Admin login: http://127.0.0.1:8000/admin/  user: admin  password: {password}"
        )
        self.print_authenticator(admin)
        for role, username, group in DEMO_EDITORS:
            user, created = user_model.objects.get_or_create(
                username=username, defaults={"email": f"{username}@vendaria-embassy.example"}
            )
            if created or not user.check_password(password):
                user.set_password(password)
                user.save()
            user.groups.add(Group.objects.get(name=group))
            self.stdout.write(f"{role} login: user: {username}  password: {password}")
            self.print_authenticator(user)

    def print_authenticator(self, user):
        # The admin asks every account for a code after its password, the demo's too: each
        # demo account has an authenticator whose secret is printed here for a phone app.
        uri, secret = demo_authenticator(user)
        self.stdout.write(f"    authenticator secret: {secret}  set-up URI: {uri}")

    def demo_password(self):
        # Generated once per installation and kept outside the repository.
        path = settings.VAR_DIR / "demo-admin-password"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(12))
            path.chmod(0o600)
        return path.read_text().strip()
