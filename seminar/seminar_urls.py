from django.urls import path

from seminar import views

app_name = "seminar"
urlpatterns = [
    path("seminars/", views.my_seminars, name="my_seminars"),
    path("seminars/new/", views.new_seminar, name="new_seminar"),
    path("seminars/<slug:slug>/console/", views.console, name="console"),
    path("p/<str:token>/", views.projector, name="projector"),
    path("j/<str:code>/", views.join, name="join"),
]
