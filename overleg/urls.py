from django.urls import path

from overleg.views import cases, items, meetings

app_name = "overleg"

urlpatterns = [
    path("", meetings.meeting_list, name="meeting_list"),
    path("nieuw/", meetings.meeting_new, name="meeting_new"),
    path("niet-besproken/", cases.not_discussed, name="not_discussed"),
    path("casus/<int:pk>/", cases.case_meetings, name="case_meetings"),
    path("casus/<int:pk>/pdf/", cases.case_minutes_print, name="case_minutes_pdf"),
    path("<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("<int:pk>/pdf/", meetings.meeting_print, name="meeting_pdf"),
    path("<int:pk>/wijzigen/", meetings.meeting_edit, name="meeting_edit"),
    path("<int:pk>/deelnemers/", meetings.attendee_new, name="attendee_add"),
    path(
        "<int:pk>/deelnemers/<int:attendee_pk>/verwijderen/",
        meetings.attendee_delete,
        name="attendee_remove",
    ),
    path("<int:pk>/gasten/", meetings.guest_new, name="guest_add"),
    path("<int:pk>/uitnodigen/", meetings.invite, name="meeting_invite"),
    path("<int:pk>/agenda/", meetings.agenda_new, name="agenda_add"),
    path("<int:pk>/agenda/<int:item_pk>/verplaatsen/", meetings.agenda_reorder, name="agenda_move"),
    path("<int:pk>/agenda/<int:item_pk>/verwijderen/", meetings.agenda_delete, name="agenda_remove"),
    path("<int:pk>/punt/<int:item_pk>/", items.item_minutes, name="item_minutes"),
    path("<int:pk>/punt/<int:item_pk>/acties/", items.action_new, name="action_add"),
    path(
        "<int:pk>/punt/<int:item_pk>/acties/<int:action_pk>/afgerond/",
        items.action_done,
        name="action_done",
    ),
]
