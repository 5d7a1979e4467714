from django.urls import path

from .views import lists, notifications, review, task, updates, work

app_name = "tasks"
urlpatterns = [
    path("work/", work.my_work, name="my_work"),
    path("tasks/", lists.task_list, name="list"),
    path("tasks/<int:pk>/", task.task_detail, name="detail"),
    path("tasks/<int:pk>/edit/", task.task_edit, name="edit"),
    path("tasks/<int:pk>/urge/", task.urge, name="urge"),
    path("tasks/<int:pk>/updates/<int:unit_id>/<str:period>/", updates.update_form, name="update"),
    path("updates/<int:pk>/reopen/", task.reopen, name="reopen"),
    path("attachments/<int:pk>/", updates.attachment_download, name="attachment"),
    path("review/", review.review_queue, name="review_queue"),
    path("review/<int:pk>/", review.decide, name="decide"),
    path("notifications/", notifications.notification_list, name="notifications"),
]
