"""The live room's addresses, by the namespace config/urls.py gives each list: the
console, projector and phones ("seminar"), polls ("polls"), exercises ("exercises") and
questions from the room ("questions")."""

from django.urls import path

from live.views import exercises, join, polls, questions, remote, room

urlpatterns = [
    path("seminars/<slug:slug>/console/", room.console, name="console"),
    path("seminars/<slug:slug>/console/screen/", room.console_screen, name="console_screen"),
    path(
        "seminars/<slug:slug>/console/join-address/",
        join.choose_join_host,
        name="join_address",
    ),
    path("seminars/<slug:slug>/console/<slug:action>/", room.control, name="control"),
    path("seminars/<slug:slug>/remote/", remote.remote, name="remote"),
    path("seminars/<slug:slug>/remote/code/", remote.remote_link, name="remote_link"),
    path(
        "seminars/<slug:slug>/remote/sign-in/<str:token>/",
        remote.remote_sign_in,
        name="remote_sign_in",
    ),
    path("p/<str:token>/", room.projector, name="projector"),
    path("p/<str:token>/screen/", room.projector_screen, name="projector_screen"),
    path("j/<str:code>/", room.join, name="join"),
    path("j/<str:code>/screen/", room.phone_screen, name="phone_screen"),
    path("j/<str:code>/admission/", room.admission, name="admission"),
    path("clock/", room.clock, name="clock"),
]
poll_urls = [
    path("j/<str:code>/polls/<int:poll_id>/vote/", polls.vote, name="vote"),
    path("seminars/<slug:slug>/polls/<int:poll_id>/<slug:action>/", polls.control, name="control"),
    path("j/<str:code>/surveys/<int:survey_id>/", polls.survey, name="survey"),
    path(
        "seminars/<slug:slug>/surveys/<int:survey_id>/<slug:action>/",
        polls.survey_control,
        name="survey_control",
    ),
]
exercise_urls = [
    path("j/<str:code>/exercises/<int:exercise_id>/", exercises.contribute, name="contribute"),
    path("j/<str:code>/exercises/<int:exercise_id>/card/", exercises.card, name="card"),
    path(
        "j/<str:code>/exercises/<int:exercise_id>/group/",
        exercises.choose_group,
        name="choose_group",
    ),
    path("j/<str:code>/exercises/<int:exercise_id>/role/", exercises.role, name="role"),
    path("j/<str:code>/exercises/<int:exercise_id>/my-role/", exercises.my_role, name="my_role"),
    path("j/<str:code>/notes/<int:contribution_id>/remove/", exercises.remove, name="remove"),
    path(
        "seminars/<slug:slug>/exercises/<int:exercise_id>/<slug:action>/",
        exercises.control,
        name="control",
    ),
    path(
        "seminars/<slug:slug>/contributions/<int:contribution_id>/<slug:action>/",
        exercises.moderate,
        name="moderate",
    ),
    path(
        "seminars/<slug:slug>/cards/<int:card_id>/<slug:action>/",
        exercises.moderate_card,
        name="moderate_card",
    ),
]
question_urls = [
    path("j/<str:code>/questions/<int:round_id>/", questions.act, name="act"),
    path(
        "seminars/<slug:slug>/questions/<int:round_id>/<slug:action>/",
        questions.control,
        name="control",
    ),
    path(
        "seminars/<slug:slug>/room-questions/<int:question_id>/",
        questions.moderate,
        name="moderate",
    ),
]
