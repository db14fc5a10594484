"""The programme's addresses: starting a seminar ("seminar" namespace) and the programme
page with its files and decks ("agenda" namespace), as config/urls.py assembles them."""

from django.urls import path

from programmes import exercise_views, poll_views, question_views, slide_views, views

urlpatterns = [
    path("seminars/new/", views.new_seminar, name="new_seminar"),
    path("seminars/<slug:slug>/settings/", views.seminar_settings, name="settings"),
]
agenda_urls = [
    path("seminars/<slug:slug>/programme/", views.programme, name="programme"),
    path("seminars/<slug:slug>/programme/file/", views.programme_file, name="programme_file"),
    path("seminars/new/from-file/", views.new_seminar_from_file, name="new_from_file"),
    path("seminars/<slug:slug>/programme/arrange/", views.arrange, name="arrange"),
    path("seminars/<slug:slug>/agenda/", views.agenda_editor, name="agenda"),
    path(
        "seminars/<slug:slug>/agenda/items/<int:item_id>/remove/",
        views.remove_item,
        name="remove_item",
    ),
    path(
        "seminars/<slug:slug>/agenda/days/<int:day_id>/remove/",
        views.remove_day,
        name="remove_day",
    ),
    path("seminars/<slug:slug>/decks/", views.deck_import, name="deck_import"),
    path("seminars/<slug:slug>/decks/new/", views.deck_import_form, name="deck_import_form"),
    path(
        "seminars/<slug:slug>/decks/<int:pk>/", views.deck_import_status, name="deck_import_status"
    ),
    *slide_views.urls,
    *poll_views.urls,
    *exercise_views.urls,
    *question_views.urls,
]
