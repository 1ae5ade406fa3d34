"""Helpers for tests that drive the Wagtail admin as a person would: open a form, fill
it in, press a button. Forms are read from the page the admin serves, so every hidden
field (formsets, StreamField counts, comments) is what a browser would send."""

from django.urls import reverse

from wagtail.fields import StreamField
from wagtail.test.utils.form_data import querydict_from_html


def team_of(city):
    """The group of a city's editor team."""
    city.refresh_from_db()
    return city.team.group


def page_form(client, url, model, **fields):
    """The page editor's form at ``url`` as served, with ``fields`` filled in.

    StreamFields are built by the editor's JavaScript; here they are sent empty unless
    ``fields`` gives their ``<name>-count`` and blocks.
    """
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for field in model._meta.get_fields():
        if isinstance(field, StreamField):
            data.setdefault(f"{field.name}-count", "0")
    for name, value in fields.items():
        if isinstance(value, list | tuple):
            data.setlist(name, [str(item) for item in value])
        else:
            data[name] = str(value)
    return data


def add_url(model, parent):
    return reverse(
        "wagtailadmin_pages:add", args=(model._meta.app_label, model._meta.model_name, parent.pk)
    )


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def create_page(client, model, parent, action=None, **fields):
    """Fill in the "add page" form under ``parent`` and press a button.

    ``action`` is "submit" (submit for moderation), "publish", or None (save draft).
    Returns the response.
    """
    data = page_form(client, add_url(model, parent), model, **fields)
    if action:
        data[f"action-{action}"] = action
    return client.post(add_url(model, parent), data)


def edit_page(client, page, action=None, **fields):
    """Open a page in the editor, change ``fields`` and press a button (see create_page)."""
    data = page_form(client, edit_url(page), type(page), **fields)
    if action:
        data[f"action-{action}"] = action
    return client.post(edit_url(page), data)


def workflow_action(client, page, action, comment=""):
    """A reviewer's decision on the page's current task, through the admin's action view."""
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    assert task_state is not None, f"{page} is not awaiting moderation"
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
    return client.post(url, {"comment": comment})


XHR = {"x-requested-with": "XMLHttpRequest"}
REFUSAL = "Sorry, you do not have permission to access this area."


def assert_refused(client, url, method="get", data=None):
    """The admin refuses ``url`` to the logged-in user, as Wagtail refuses: 403 to a
    script (fetch/XHR), and a browser sent back to the dashboard with an error."""
    send = getattr(client, method)
    assert send(url, data or {}, headers=XHR).status_code == 403, url
    response = send(url, data or {}, follow=True)
    assert response.redirect_chain and response.redirect_chain[0][0] == reverse(
        "wagtailadmin_home"
    ), f"{url} was not refused"
    assert REFUSAL in response.content.decode()
