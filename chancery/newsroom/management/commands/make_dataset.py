"""Fills the archive with N synthetic publications, fast, for benchmarks and load tests.

Operators and developers use it to see how the site behaves with decades of statements:
`manage.py make_dataset 100000` takes a few minutes. The text is invented (an imaginary
country's embassy), the kinds are the mission's own, and the items are shared between the
languages that have a front page. Rows are written in bulk, so the page tree is built by
hand here and checked with Wagtail's own tree rules afterwards (`manage.py fixtree` agrees).
"""

import datetime as dt
import random
import time
import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from modelsearch.backends.database.postgres.weights import get_weight
from wagtail.models import Locale, Page
from wagtail.search import index
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from chancery.home.models import HomePage
from chancery.newsroom.models import NewsIndexPage, PublicationKind, PublicationPage
from chancery.pagecache.generation import bump

BATCH = 2000
# Items a day: a busy press office. The rate is fixed, so a month holds the same number of
# items at any dataset size and the archive reaches further back as it grows.
PER_DAY = 6
SEED = 5

WORDS = {
    "en": [
        "embassy",
        "ministry",
        "harbour",
        "bridge",
        "delegation",
        "agreement",
        "culture",
        "exchange",
        "students",
        "scholarship",
        "forum",
        "trade",
        "tourism",
        "consular",
        "visa",
        "flights",
        "heritage",
        "festival",
        "choir",
        "exhibition",
        "textiles",
        "villages",
        "mountains",
        "river",
        "museum",
        "library",
        "partners",
        "support",
        "cooperation",
        "friendship",
        "anniversary",
        "programme",
        "reception",
        "dialogue",
        "region",
        "capital",
        "citizens",
        "travellers",
        "schools",
        "universities",
        "weather",
        "market",
        "archive",
        "journalists",
    ],
    "ru": [
        "посольство",
        "министерство",
        "гавань",
        "мост",
        "делегация",
        "соглашение",
        "культура",
        "обмен",
        "студенты",
        "стипендия",
        "форум",
        "торговля",
        "туризм",
        "консульский",
        "виза",
        "рейсы",
        "наследие",
        "фестиваль",
        "хор",
        "выставка",
        "ткани",
        "деревни",
        "горы",
        "река",
        "музей",
        "библиотека",
        "партнёры",
        "поддержка",
        "сотрудничество",
        "дружба",
        "годовщина",
        "программа",
        "приём",
        "диалог",
        "регион",
        "столица",
        "граждане",
    ],
}
TITLES = {
    "en": "{kind} on the {a} and the {b} ({n})",
    "ru": "{kind}: {a} и {b} ({n})",
}


def sentence(rng, words, length):
    text = " ".join(rng.choice(words) for _ in range(length))
    return text[0].upper() + text[1:] + "."


class Command(BaseCommand):
    help = "Add synthetic publications until the archive holds N (fictional text, bulk writes)."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="How many publications the archive holds.")
        parser.add_argument(
            "--no-search-index",
            action="store_true",
            help="Skip filling the search index (faster; search then finds nothing new).",
        )

    def handle(self, *args, count, no_search_index, **options):
        if count < 1:
            raise CommandError("The count must be at least 1.")
        if not HomePage.objects.exists():
            call_command("load_demo", stdout=self.stdout)
        targets = self.archives()
        existing = PublicationPage.objects.count()
        missing = count - existing
        if missing <= 0:
            self.stdout.write(f"The archive already holds {existing} publications.")
            return
        started = time.monotonic()
        self.indexing = 0.0
        rng = random.Random(SEED)  # noqa: S311 - reproducible invented text, not a secret
        share = -(-missing // len(targets))
        made = 0
        for news, kinds, language in targets:
            number = min(share, missing - made)
            made += self.fill(news, kinds, language, number, rng, no_search_index)
        # Fresh statistics, or the planner takes the new rows for a handful and scans them all.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        bump()
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {made} publications in {time.monotonic() - started:.0f} s "
                f"({len(targets)} language{'s' if len(targets) > 1 else ''}; "
                f"search index {self.indexing:.0f} s)."
            )
        )

    def archives(self):
        """(news index, kinds, language) for each content language that has an archive."""
        targets = []
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
            locale = Locale.objects.filter(language_code=code).first()
            news = locale and NewsIndexPage.objects.filter(locale=locale).first()
            kinds = locale and list(PublicationKind.objects.filter(locale=locale))
            if news and kinds:
                targets.append((news, kinds, code if code in WORDS else "en"))
        if not targets:
            raise CommandError("No language has a news archive with publication kinds.")
        return targets

    def fill(self, news, kinds, language, number, rng, no_search_index):
        content_type = ContentType.objects.get_for_model(PublicationPage)
        words = WORDS[language]
        last = news.get_last_child()
        position = last._get_lastpos_in_path() if last else 0
        oldest = PublicationPage.objects.child_of(news).order_by("published_at").first()
        moment = oldest.published_at if oldest else timezone.now()
        step = dt.timedelta(days=1) / PER_DAY
        depth = news.depth + 1
        done = 0
        while done < number:
            size = min(BATCH, number - done)
            pages, extras, texts = [], [], []
            for _ in range(size):
                position += 1
                moment -= step
                kind = rng.choice(kinds)
                title = TITLES[language].format(
                    kind=kind.name, a=rng.choice(words), b=rng.choice(words), n=position
                )
                slug = f"{slugify(kind.slug)}-{position}"
                lead = sentence(rng, words, rng.randint(14, 26))
                paragraphs = [lead] + [
                    sentence(rng, words, rng.randint(20, 40)) for _ in range(rng.randint(2, 4))
                ]
                body = [
                    {"type": "paragraph", "value": f"<p>{text}</p>", "id": str(uuid.uuid4())}
                    for text in paragraphs
                ]
                common = {
                    "title": title,
                    "draft_title": title,
                    "slug": slug,
                    "content_type": content_type,
                    "path": Page._get_path(news.path, depth, position),
                    "depth": depth,
                    "numchild": 0,
                    "url_path": f"{news.url_path}{slug}/",
                    "live": True,
                    "has_unpublished_changes": False,
                    "first_published_at": moment,
                    "last_published_at": moment,
                    "locale_id": news.locale_id,
                    "translation_key": uuid.uuid4(),
                }
                pages.append(Page(**common))
                extras.append((common, kind, body, moment, lead))
                # What Wagtail extracts from this body for its index: the paragraphs' text.
                texts.append(", ".join(paragraphs))
            with transaction.atomic():
                Page.objects.bulk_create(pages)
                rows = [
                    PublicationPage(
                        page_ptr_id=page.pk,
                        id=page.pk,
                        **common,
                        kind=kind,
                        body=body,
                        published_at=published_at,
                        lead_text=lead,
                    )
                    for page, (common, kind, body, published_at, lead) in zip(
                        pages, extras, strict=True
                    )
                ]
                # bulk_create refuses multi-table models, so only the publication's own table
                # is written here; its page rows were written just above.
                fields = [f for f in PublicationPage._meta.local_concrete_fields if f.name != "id"]
                PublicationPage._base_manager.all()._batched_insert(rows, fields, batch_size=BATCH)
                Page.objects.filter(pk=news.pk).update(numchild=F("numchild") + size)
            if not no_search_index:
                index_started = time.monotonic()
                add_index_entries(rows, texts)
                self.indexing += time.monotonic() - index_started
            done += size
            self.stdout.write(f"  {language}: {done}/{number}")
        news.refresh_from_db()
        return done


def add_index_entries(rows, bodies):
    """Writes the search index entries of new publications, as Wagtail's backend would.

    Wagtail's backend extracts each item's text from its StreamField (rich text parsed and
    stripped, once per indexed column): several milliseconds an item, most of an hour at
    100,000. Here the text is already known (`bodies`: the paragraphs as Wagtail joins them)
    and the rows are written in one statement per batch: on PostgreSQL the tsvectors are
    computed by the database with the weights and configurations Wagtail uses
    (modelsearch.backends.database.postgres.ObjectIndexer), on SQLite the plain columns
    its FTS5 triggers copy. tests/test_dataset_search.py compares both with Wagtail's own
    indexing. Only the fields PublicationPage indexes with text are written: title
    (boosted), title again for autocomplete, summary (always empty here) and body.
    """
    backend = get_search_backend()
    content_type = ContentType.objects.get_for_model(PublicationPage).pk
    if connection.vendor == "postgresql":
        title_weight = get_weight(
            next(
                field.boost
                for field in PublicationPage.get_search_fields()
                if isinstance(field, index.SearchField) and field.field_name == "title"
            )
        )
        body_weight = get_weight(None)
        config = "%s::regconfig, " if backend.config else ""
        config_params = [backend.config] if backend.config else []
        table = IndexEntry._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                # Only constants and Wagtail's own table name are formatted into the SQL.
                f"""
                INSERT INTO {table} (content_type_id, object_id, title, autocomplete, body,
                                     title_norm, title_text, body_text)
                SELECT %s, item.id::text,
                       setweight(to_tsvector({config}item.title), %s),
                       setweight(to_tsvector(%s::regconfig, item.title), 'D'),
                       setweight(to_tsvector({config}item.body), %s),
                       1.0, item.title, item.body
                FROM unnest(%s::integer[], %s::text[], %s::text[]) AS item(id, title, body)
                ON CONFLICT (content_type_id, object_id) DO NOTHING
                """,  # noqa: S608
                [
                    content_type,
                    *config_params,
                    title_weight,
                    backend.autocomplete_config,
                    *config_params,
                    body_weight,
                    [row.pk for row in rows],
                    [row.title for row in rows],
                    bodies,
                ],
            )
    else:
        IndexEntry.objects.bulk_create(
            [
                IndexEntry(
                    content_type_id=content_type,
                    object_id=str(row.pk),
                    title=row.title,
                    autocomplete=row.title,
                    # Wagtail's SQLite backend joins the summary and the body with a space.
                    body=f"{row.summary} {body}",
                )
                for row, body in zip(rows, bodies, strict=True)
            ]
        )
    # Wagtail's rule for new entries: the title's weight scaled by the average title length.
    backend.get_index_for_model(PublicationPage)._refresh_title_norms()
