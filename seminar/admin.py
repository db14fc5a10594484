from django.contrib import admin

from agenda.models import Day
from seminar.models import Seminar


class DayInline(admin.TabularInline[Day, Seminar]):
    model = Day
    extra = 0


@admin.register(Seminar)
class SeminarAdmin(admin.ModelAdmin[Seminar]):
    list_display = ["municipality", "title", "slug", "join_code", "delete_data_after"]
    search_fields = ["municipality", "title", "slug", "join_code"]
    filter_horizontal = ["facilitators"]
    readonly_fields = ["projector_token", "created_at"]
    inlines = [DayInline]
