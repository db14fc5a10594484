from django.urls import path

from polls import views

app_name = "polls"
urlpatterns = [
    path("j/<str:code>/polls/<int:poll_id>/vote/", views.vote, name="vote"),
    path("seminars/<slug:slug>/polls/<int:poll_id>/<slug:action>/", views.control, name="control"),
]
