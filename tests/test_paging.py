"""Archive pagination: the block of page links and the page a reader may ask for."""

import pytest
from django.http import Http404

from chancery.newsroom.paging import page_count, page_window, requested_page


def test_first_page_shows_the_first_block():
    """Page 1 of 60 shows links 1–15 and a jump to the next block."""
    window = page_window(1, 60)
    assert list(window.pages) == list(range(1, 16))
    assert window.previous_block is None
    assert window.next_block == 16


def test_deep_page_shows_its_block():
    """Page 54 of 60 shows links 46–60, with a jump back and none forward."""
    window = page_window(54, 60)
    assert list(window.pages) == list(range(46, 61))
    assert window.previous_block == 45
    assert window.next_block is None


def test_block_boundaries():
    """Page 15 is the last of block one; page 16 starts block two."""
    assert page_window(15, 60).first == 1
    assert page_window(16, 60).first == 16
    assert page_window(16, 60).last == 30


def test_short_last_block():
    """With 20 pages, page 17 is in the block 16–20."""
    assert list(page_window(17, 20).pages) == [16, 17, 18, 19, 20]


def test_window_refuses_page_outside_range():
    """Asking for page 61 of 60 is a programming error, not a silent clamp."""
    with pytest.raises(ValueError):
        page_window(61, 60)


def test_page_count_keeps_one_page_for_an_empty_archive():
    """An empty archive still has its page 1; 41 items make 5 pages of 10."""
    assert page_count(0, 10) == 1
    assert page_count(41, 10) == 5
    assert page_count(40, 10) == 4


@pytest.mark.parametrize("raw", ["0", "-1", "abc", "5", "1.5", " 2", "²", "99999999999999", "0x2"])
def test_bad_page_numbers_are_404(raw):
    """Zero, negative, non-numeric or past-the-end page numbers are a 404."""
    with pytest.raises(Http404):
        requested_page(raw, 4)


def test_missing_page_parameter_is_page_one():
    """No parameter (or an empty one) is page 1."""
    assert requested_page(None, 4) == 1
    assert requested_page("", 4) == 1
    assert requested_page("4", 4) == 4
