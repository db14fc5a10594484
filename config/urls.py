"""Every address, with the namespaces the templates use. A namespace names a family of
addresses as people meet them (a seminar's pages, its polls, its exercises, its
programme), so it gathers views from several layers."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

import live.urls
import notes.urls
import programmes.urls
import seminar.urls

seminar_pages = [
    *seminar.urls.urlpatterns,
    *programmes.urls.urlpatterns,
    *live.urls.urlpatterns,
    *notes.urls.urlpatterns,
]

urlpatterns = [
    *seminar.urls.pages,
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include((seminar_pages, "seminar"))),
    path("", include((programmes.urls.agenda_urls, "agenda"))),
    path("", include((live.urls.poll_urls, "polls"))),
    path("", include((live.urls.exercise_urls, "exercises"))),
    path("", include((live.urls.question_urls, "questions"))),
]
