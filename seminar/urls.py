"""The core's pages. config/urls.py puts them in the "seminar" namespace with the other
layers' pages under /seminars/."""

from django.urls import path

from seminar import views

urlpatterns = [
    path("seminars/", views.my_seminars, name="my_seminars"),
    path("seminars/<slug:slug>/groups/", views.groups, name="groups"),
    path("accounts/", views.accounts, name="accounts"),
    path("account/", views.account, name="account"),
]
pages = [
    path("", views.front_page, name="front_page"),
    path("about/", views.about, name="about"),
    path("media/<path:path>", views.media, name="media"),
]
