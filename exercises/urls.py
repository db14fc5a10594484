from django.urls import path

from exercises import views

app_name = "exercises"
urlpatterns = [
    path("j/<str:code>/exercises/<int:exercise_id>/", views.contribute, name="contribute"),
    path("j/<str:code>/exercises/<int:exercise_id>/card/", views.card, name="card"),
    path(
        "j/<str:code>/exercises/<int:exercise_id>/group/", views.choose_group, name="choose_group"
    ),
    path("j/<str:code>/exercises/<int:exercise_id>/role/", views.role, name="role"),
    path("j/<str:code>/notes/<int:contribution_id>/remove/", views.remove, name="remove"),
    path(
        "seminars/<slug:slug>/exercises/<int:exercise_id>/<slug:action>/",
        views.control,
        name="control",
    ),
    path(
        "seminars/<slug:slug>/contributions/<int:contribution_id>/<slug:action>/",
        views.moderate,
        name="moderate",
    ),
    path(
        "seminars/<slug:slug>/cards/<int:card_id>/<slug:action>/",
        views.moderate_card,
        name="moderate_card",
    ),
]
