"""Search sees a publish at once, whatever ``TASKS_BACKEND`` is.

modelsearch indexes a saved object in a background task. With the immediate backend
that runs inside the publish; with ``TASKS_BACKEND=database`` it waits for a worker,
and meanwhile a search (and the API's cache of it) would miss the page. So a published
page is also written to the database search backends in the publish's own
transaction (cheap, and rolled back with it), and when a worker finishes an index task
(Elasticsearch, or anything else saved) the content generation is bumped, so the API
stops serving search answers cached before the index changed.
"""

from django.apps import apps
from django.dispatch import receiver

from modelsearch import index
from modelsearch.backends import get_search_backends_with_name
from modelsearch.tasks import insert_or_update_object_task
from wagtail.models import Page
from wagtail.signals import page_published

from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.signals import task_finished

from network.api.caching import bump_generation

DATABASE_BACKENDS = "modelsearch.backends.database"


def is_database_backend(backend):
    return any(cls.__module__.startswith(DATABASE_BACKENDS) for cls in type(backend).__mro__)


def indexing_is_deferred():
    return not isinstance(insert_or_update_object_task.get_backend(), ImmediateBackend)


@receiver(page_published, dispatch_uid="search-index-published-page")
def index_published_page(sender, instance, **kwargs):
    if not indexing_is_deferred():
        return  # modelsearch's own task has just run, in this request
    indexed = index.get_indexed_instance(instance)
    if indexed is None:
        return
    for _name, backend in get_search_backends_with_name(with_auto_update=True):
        if is_database_backend(backend):
            backend.add(indexed)


@receiver(task_finished, dispatch_uid="search-index-task-finished")
def index_task_finished(sender, task_result, **kwargs):
    if task_result.task.func is not insert_or_update_object_task.func:
        return
    if not indexing_is_deferred() or never_published(*task_result.args):
        return  # nothing a visitor could have searched for has changed
    bump_generation()


def never_published(app_label, model_name, pk):
    """A page's drafts before its first publish change nothing a visitor can find."""
    model = apps.get_model(app_label, model_name)
    if not issubclass(model, Page):
        return False
    return model.objects.filter(pk=pk, first_published_at__isnull=True).exists()
