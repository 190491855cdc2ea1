"""Factories for front pages."""

import wagtail_factories

from .models import HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Home"
    slug = "home"
