"""Archive pages found by key, not by OFFSET, so page 5,000 costs what page 1 costs.

A numbered page N starts at the ((N-1) × size)-th item in newest-first order. Counting up to
it with OFFSET makes the database walk every item before it. Instead the boundaries of all
pages (the `published_at` and id of each page's first item) are read once, in one pass over
the index, and kept in the cache under the content generation, so they are rebuilt only
after something was published, unpublished or moved. A page is then an index seek from its
boundary. Shallow pages, where OFFSET is cheap, skip the boundaries altogether.
"""

import hashlib

from django.core.cache import cache
from django.db.models import F, Value, Window
from django.db.models.functions import Mod, RowNumber

from chancery.pagecache import memo
from chancery.pagecache.generation import current_generation

# Up to this many items before a page, OFFSET is as cheap as a seek.
SHALLOW_ITEMS = 200
# Boundaries are stored in chunks, so a deep page loads a few kilobytes, not all of them.
CHUNK = 1000


class ArchiveDirectory:
    """The count and page boundaries of one newest-first list of publications.

    `queryset` is the list as readers see it (filters included), unordered. `signature`
    names that list uniquely if the caller knows a cheaper name than its compiled SQL.
    Within a reader's request, what was read is also kept in the process's memo.
    """

    def __init__(self, queryset, per_page: int, signature: str | None = None):
        self.queryset = queryset.order_by()
        self.per_page = per_page
        if signature is None:
            signature = str(self.queryset.values("pk").query)
        digest = hashlib.sha256(f"{signature}|{per_page}".encode()).hexdigest()[:32]
        self.key = f"archive:{current_generation()}:{digest}"

    def count(self) -> int:
        return memo.get(f"{self.key}:count", self._count)

    def _count(self) -> int:
        total = cache.get(f"{self.key}:count")
        if total is None:
            total = self.queryset.count()
            cache.set(f"{self.key}:count", total)
        return total

    def page(self, number: int):
        """The rows of page `number` (1-based), newest first, ready for listing."""
        return memo.get(f"{self.key}:page:{number}", lambda: self._page(number))

    def _page(self, number: int):
        ordered = self.queryset.newest_first().for_listing()
        offset = (number - 1) * self.per_page
        if offset <= SHALLOW_ITEMS:
            return list(ordered[offset : offset + self.per_page])
        boundary = self.boundary(number)
        if boundary is None:
            return []
        published_at, pk = boundary
        # `published_at <= x` first, so the database seeks in the index to the boundary.
        return list(
            ordered.filter(published_at__lte=published_at).exclude(
                published_at=published_at, pk__gt=pk
            )[: self.per_page]
        )

    def boundary(self, number: int):
        """(published_at, id) of the first item of page `number`, or None past the end."""
        index = number - 1
        chunk_number = index // CHUNK
        chunk = memo.get(f"{self.key}:bounds:{chunk_number}", lambda: self._chunk(chunk_number))
        position = index % CHUNK
        return chunk[position] if position < len(chunk) else None

    def _chunk(self, chunk_number: int) -> list:
        chunk = cache.get(f"{self.key}:bounds:{chunk_number}")
        if chunk is None:
            chunk = self.build_boundaries().get(chunk_number, [])
        return chunk

    def build_boundaries(self) -> dict[int, list]:
        """Reads every page's first item in one pass and caches them in chunks."""
        # Numbered in the database, which returns only every per_page-th row.
        number = Window(RowNumber(), order_by=[F("published_at").desc(), F("pk").desc()])
        firsts = list(
            self.queryset.annotate(slot=Mod(number - 1, Value(self.per_page)))
            .filter(slot=0)
            .order_by("-published_at", "-pk")
            .values_list("published_at", "pk")
        )
        chunks = {
            number: firsts[number * CHUNK : (number + 1) * CHUNK]
            for number in range(-(-len(firsts) // CHUNK))
        }
        cache.set_many({f"{self.key}:bounds:{n}": chunk for n, chunk in chunks.items()})
        return chunks
