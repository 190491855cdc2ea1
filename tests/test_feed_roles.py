"""Press secretaries register the ministry's feeds; authors do not."""


def test_press_secretary_opens_feeds(client_for, press_secretary):
    """The feeds admin is open to press secretaries."""
    assert client_for(press_secretary).get("/admin/snippets/syndication/feed/").status_code == 200


def test_author_cannot_open_feeds(client_for, author):
    """Authors do not manage feeds."""
    assert client_for(author).get("/admin/snippets/syndication/feed/").status_code != 200
