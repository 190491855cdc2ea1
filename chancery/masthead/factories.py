"""Factories for day counters."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory
from wagtail.models import Locale

from .models import DayCounter


class DayCounterFactory(DjangoModelFactory):
    class Meta:
        model = DayCounter

    event = "the harbour fire"
    event_date = dt.date(2018, 3, 4)
    locale = factory.LazyFunction(Locale.get_default)
