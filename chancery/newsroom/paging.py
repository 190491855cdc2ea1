"""Archive pagination: which page a reader asked for, and the block of page links around it."""

from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext as _

PAGES_PER_BLOCK = 15


@dataclass(frozen=True)
class PageWindow:
    """The page links shown as `Pages: ««« :: 46 47 ... 60 :: »»»`."""

    current: int
    total: int
    first: int
    last: int
    previous_block: int | None
    next_block: int | None

    @property
    def pages(self) -> range:
        return range(self.first, self.last + 1)


def page_window(current: int, total: int, block: int = PAGES_PER_BLOCK) -> PageWindow:
    """The block of `block` page links containing `current`.

    `«««` leads to the last page of the previous block and `»»»` to the first of the next.
    """
    if total < 1 or not 1 <= current <= total:
        raise ValueError(f"page {current} is outside 1..{total}")
    first = (current - 1) // block * block + 1
    last = min(first + block - 1, total)
    return PageWindow(
        current=current,
        total=total,
        first=first,
        last=last,
        previous_block=first - 1 if first > 1 else None,
        next_block=last + 1 if last < total else None,
    )


def page_count(item_count: int, per_page: int) -> int:
    """Pages needed for `item_count` items; an empty archive still has its page 1."""
    return max(1, -(-item_count // per_page))


def requested_page(raw: str | None, total: int) -> int:
    """The page number from `?page=`: missing means 1; anything not in 1..total is a 404."""
    if raw is None or raw == "":
        return 1
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        raise Http404(_("There is no such page."))
    number = int(raw)
    if not 1 <= number <= total:
        raise Http404(_("There is no such page."))
    return number
