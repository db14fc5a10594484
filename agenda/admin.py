from django.contrib import admin

from agenda.models import AgendaItem, Day, Slide
from seminar.models import Seminar


class AgendaItemInline(admin.TabularInline[AgendaItem, Day]):
    model = AgendaItem
    extra = 0


class SlideInline(admin.StackedInline[Slide, AgendaItem]):
    model = Slide
    extra = 0


@admin.register(Day)
class DayAdmin(admin.ModelAdmin[Day]):
    list_display = ["seminar", "number", "date", "ends_at"]
    list_select_related = ["seminar"]
    inlines = [AgendaItemInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin[AgendaItem]):
    list_display = ["title", "day", "starts_at", "planned_minutes", "kind"]
    list_filter = ["kind"]
    list_select_related = ["day__seminar"]
    inlines = [SlideInline]


@admin.register(Slide)
class SlideAdmin(admin.ModelAdmin[Slide]):
    list_display = ["title", "item", "order", "layout"]
    list_filter = ["layout"]
    list_select_related = ["item__day__seminar"]
    search_fields = ["title", "body"]


# A seminar is edited with its days, so its admin lives here, where days are known.
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
