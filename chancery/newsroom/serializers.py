"""How publications' related objects appear in the public JSON API."""

from rest_framework import serializers


class PublicationKindSerializer(serializers.Serializer):
    """A kind as `{"name": "Statement", "slug": "statement"}`."""

    name = serializers.CharField(read_only=True)
    slug = serializers.CharField(read_only=True)
