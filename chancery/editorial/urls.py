from django.urls import path

from . import views

app_name = "editorial"
urlpatterns = [
    path("force-publish/<int:page_id>/", views.force_publish, name="force_publish"),
    path("withdraw/<int:page_id>/", views.withdraw, name="withdraw"),
    path("needs-review/", views.needs_review, name="needs_review"),
    path("needs-review/<int:pk>/confirm/", views.confirm, name="confirm"),
]
