"""Factories for mission settings, used by the tests and the demo command."""

import factory
from factory.django import DjangoModelFactory

from .models import City, ConsularPhone, MissionSettings


class MissionSettingsFactory(DjangoModelFactory):
    class Meta:
        model = MissionSettings
        django_get_or_create = ("site",)

    mission_name = "Embassy of the Republic of Vendaria in London"


class CityFactory(DjangoModelFactory):
    class Meta:
        model = City

    mission = factory.SubFactory(MissionSettingsFactory)
    name = "London"
    time_zone = "Europe/London"


class ConsularPhoneFactory(DjangoModelFactory):
    class Meta:
        model = ConsularPhone

    mission = factory.SubFactory(MissionSettingsFactory)
    number = "+44 20 7946 0123"
