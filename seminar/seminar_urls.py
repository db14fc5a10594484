from django.urls import path

from seminar import views

app_name = "seminar"
urlpatterns = [
    path("seminars/", views.my_seminars, name="my_seminars"),
    path("seminars/new/", views.new_seminar, name="new_seminar"),
    path("seminars/<slug:slug>/console/", views.console, name="console"),
    path("seminars/<slug:slug>/console/screen/", views.console_screen, name="console_screen"),
    path("seminars/<slug:slug>/console/<slug:action>/", views.control, name="control"),
    path("seminars/<slug:slug>/groups/", views.groups, name="groups"),
    path("seminars/<slug:slug>/notes/", views.notes, name="notes"),
    path("seminars/<slug:slug>/notes/<slug:format>/", views.notes_download, name="notes_download"),
    path("p/<str:token>/", views.projector, name="projector"),
    path("p/<str:token>/screen/", views.projector_screen, name="projector_screen"),
    path("j/<str:code>/", views.join, name="join"),
    path("j/<str:code>/screen/", views.phone_screen, name="phone_screen"),
    path("j/<str:code>/admission/", views.admission, name="admission"),
    path("clock/", views.clock, name="clock"),
]
