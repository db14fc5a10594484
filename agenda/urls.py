from django.urls import path

from agenda import views

app_name = "agenda"
urlpatterns = [
    path("seminars/<slug:slug>/programme/", views.programme, name="programme"),
]
