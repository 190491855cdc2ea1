"""Remote HTML becomes our rich text: only allowed tags and http(s)/mailto links survive."""

from chancery.syndication.sanitise import hostile_markup, text_to_rich_text, to_rich_text


def test_script_and_its_content_are_removed():
    """A script element disappears with its code; the text around it stays."""
    html = to_rich_text('<p>Before<script>alert("x")</script>after</p>')
    assert "script" not in html
    assert "alert" not in html
    assert "Beforeafter" in html


def test_event_handlers_are_removed():
    """on* attributes never survive, nor do the elements that carried them if not allowed."""
    html = to_rich_text('<p onclick="alert(1)">Hi <img src="x" onerror="alert(2)"></p>')
    assert "onclick" not in html
    assert "onerror" not in html
    assert "<img" not in html
    assert "Hi" in html


def test_only_http_and_mailto_links_survive():
    """javascript:, data: and relative links lose their address; http(s) and mailto keep it."""
    html = to_rich_text(
        '<p><a href="javascript:alert(1)">js</a> <a href="JaVa&#x09;ScRiPt:alert(1)">tab</a> '
        '<a href="data:text/html,x">data</a> <a href="/local/">rel</a> '
        '<a href="https://a.example/">https</a> <a href="http://b.example/">http</a> '
        '<a href="mailto:p@a.example">mail</a></p>'
    )
    assert "javascript" not in html.lower()
    assert "data:" not in html
    assert 'href="/local/"' not in html
    assert '<a href="https://a.example/">https</a>' in html
    assert '<a href="http://b.example/">http</a>' in html
    assert '<a href="mailto:p@a.example">mail</a>' in html
    assert "js" in html and "data" in html and "rel" in html


def test_formatting_is_stored_as_the_editor_would():
    """strong/em become b/i, headings we do not offer become paragraphs, lists stay."""
    html = to_rich_text(
        "<h1>Title</h1><p><strong>bold</strong> <em>it</em></p><ul><li>one</li></ul>"
        "<table><tr><td>cell</td></tr></table>"
    )
    assert "<h1" not in html and "<table" not in html and "<td" not in html
    assert "<b>bold</b> <i>it</i>" in html
    assert ">Title</p>" in html
    assert ">one</li>" in html
    assert "cell" in html


def test_line_breaks_survive():
    """A <br> inside a paragraph is kept (the converter needs it in XHTML form)."""
    assert "a<br/>b" in to_rich_text("<p>a<br>b</p>")


def test_nothing_left_is_empty():
    """Markup with no text (an image, a script) leaves no body at all."""
    assert to_rich_text('<img src="x"><script>x()</script>') == ""


def test_plain_text_becomes_escaped_paragraphs():
    """Plain-text entries are escaped and split into paragraphs on blank lines."""
    html = text_to_rich_text("One <b>\nline\n\nTwo")
    assert html == "<p>One &lt;b&gt; line</p><p>Two</p>"


def test_hostile_markup_is_named():
    """What an entry tried is listed so the feed can report it."""
    found = hostile_markup(
        '<script>x</script><img onerror="y"><a href="javascript:z">a</a>'
        '<a href="java\tscript:z">b</a><a href="data:text/html,x">c</a>'
        '<a href="https://ok.example/">ok</a><iframe src="https://e.example/"></iframe>'
    )
    assert found == ["<iframe>", "<script>", "data:", "javascript:", "onerror="]


def test_ordinary_markup_is_not_hostile():
    """Plain formatting and safe links raise no alarm."""
    assert hostile_markup('<p><b>x</b> <a href="https://a.example/">a</a></p>') == []


def test_relative_links_resolve_against_the_original():
    """With the original item's address, relative links point to the ministry's site."""
    html = to_rich_text('<p><a href="../list/">list</a></p>', "https://m.example/en/news/a/")
    assert '<a href="https://m.example/en/news/list/">list</a>' in html


def test_a_scheme_hidden_by_a_tab_is_not_taken_for_a_relative_link():
    """ "java\tscript:" is javascript: to a browser, never a path under the base."""
    html = to_rich_text('<p><a href="java&#x09;script:alert(1)">x</a></p>', "https://m.example/")
    assert "script" not in html
    assert "href" not in html
