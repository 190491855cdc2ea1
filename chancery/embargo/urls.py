from django.urls import path

from . import views

app_name = "embargo_admin"

urlpatterns = [
    path("", views.index, name="index"),
    path("page/<int:page_id>/", views.page_links, name="page_links"),
    path("link/<int:link_id>/revoke/", views.revoke, name="revoke"),
]
