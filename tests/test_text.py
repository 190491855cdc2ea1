"""Lead extraction from rich text."""

from chancery.newsroom.text import first_paragraph, plain_text


def test_first_paragraph_without_markup():
    """The lead is the first paragraph's text, tags removed and entities decoded."""
    html = "<p>First <b>bold</b> &amp; <a href='/x'>linked</a>.</p><p>Second.</p>"
    assert first_paragraph(html) == "First bold & linked."


def test_first_paragraph_skips_empty_paragraphs_and_headings():
    """Empty paragraphs and headings before the text are not the lead."""
    html = "<h2>Heading</h2><p> </p><p>\n Real   lead\n</p>"
    assert first_paragraph(html) == "Real lead"


def test_first_paragraph_of_text_without_paragraphs_is_empty():
    """Rich text with no paragraph gives no lead."""
    assert first_paragraph("<ul><li>Item</li></ul>") == ""
    assert first_paragraph("") == ""


def test_plain_text_keeps_words_apart_across_blocks():
    """Block ends separate words."""
    assert plain_text("<p>One</p><p>Two</p>") == "One Two"
