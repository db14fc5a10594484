from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from seminar import views

urlpatterns = [
    path("", views.front_page, name="front_page"),
    path("about/", views.about, name="about"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("seminar.seminar_urls")),
    path("", include("agenda.urls")),
    path("", include("polls.urls")),
    path("", include("exercises.urls")),
    path("media/<path:path>", views.media, name="media"),
]
