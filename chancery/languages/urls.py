from django.urls import path

from . import views

app_name = "languages"
urlpatterns = [
    path("", views.TranslationStatusView.as_view(), name="translation_status"),
    path(
        "results/",
        views.TranslationStatusView.as_view(results_only=True),
        name="translation_status_results",
    ),
    path(
        "translate/<int:source_id>/<str:language_code>/",
        views.create_translation,
        name="create_translation",
    ),
    path("compare/<int:source_id>/<str:language_code>/", views.compare, name="compare"),
]
