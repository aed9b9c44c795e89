from django.urls import path

from nap1540.plans.views import plans, reviews, tasks

app_name = "plans"
urlpatterns = [
    path("", plans.plan_list, name="index"),
    path("new/", plans.plan_create, name="create"),
    path("my-tasks/", tasks.my_tasks, name="my_tasks"),
    path("due/", tasks.due_list, name="due"),
    path("inbox/", tasks.inbox, name="inbox"),
    path("inbox/mark/", tasks.inbox_mark, name="inbox_mark"),
    path("<int:pk>/", plans.plan_detail, name="detail"),
    path("<int:pk>/edit/", plans.plan_edit, name="edit"),
    path("<int:pk>/status/", plans.plan_status, name="status"),
    path("<int:pk>/delete/", plans.plan_delete, name="delete"),
    path("<int:pk>/history/", plans.plan_history, name="history"),
    path("<int:pk>/export.<str:fmt>", plans.plan_export, name="export"),
    path("<int:pk>/import/", plans.plan_import, name="import"),
    path("<int:plan_pk>/tasks/new/", tasks.task_create, name="task_create"),
    path("<int:plan_pk>/draft/", tasks.draft_from_gaps, name="draft"),
    path("<int:plan_pk>/reviews/new/", reviews.review_create, name="review_create"),
    path("<int:plan_pk>/reviews/compare/", reviews.review_compare, name="review_compare"),
    path("<int:plan_pk>/rates/", reviews.rate_history, name="rates"),
    path("<int:plan_pk>/update/", reviews.successor_create, name="successor"),
    path("<int:pk>/update-summary/", reviews.update_summary, name="update_summary"),
    path("tasks/<int:pk>/", tasks.task_detail, name="task"),
    path("tasks/<int:pk>/edit/", tasks.task_edit, name="task_edit"),
    path("tasks/<int:pk>/delete/", tasks.task_delete, name="task_delete"),
    path("tasks/<int:pk>/progress/", tasks.task_progress, name="task_progress"),
    path("tasks/<int:pk>/propose-matrix/", tasks.propose_matrix, name="propose_matrix"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review"),
    path("reviews/<int:pk>/delete/", reviews.review_delete, name="review_delete"),
]
