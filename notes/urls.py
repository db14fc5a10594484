from django.urls import path

from notes import views

urlpatterns = [
    path("seminars/<slug:slug>/notes/", views.notes, name="notes"),
    path("seminars/<slug:slug>/notes/<slug:format>/", views.notes_download, name="notes_download"),
]
