"""Who may give whom which rights, in the admin's Users section.

Wagtail lets anyone who may add or change users tick "Administrator" (superuser) and
any group. The portal narrows that for everyone but superusers:

* only a superuser makes a superuser (or staff): the Roles tab offers "Administrator"
  to superusers alone, and a form that sets it anyway is refused;
* a group is offered, and may be given, only if it grants nothing its giver lacks:
  each of its permissions on models, on pages (at or under a page where the giver holds
  the same permission) and on collections (likewise);
* the users a non-superuser may edit or delete are those within their reach: not
  superusers, and no group or permission beyond the editor's own (or they could take
  over the account of someone holding more rights, by setting its password).

``PortalUserViewSet`` is Wagtail's users viewset with these forms; it is installed by
``network.apps.PortalUsersConfig`` (Wagtail's own ``user_viewset`` setting point).
"""

from collections import defaultdict

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from wagtail.models import GroupCollectionPermission, GroupPagePermission
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import CreateView, DeleteView, EditView, UserViewSet

#: User fields that only a superuser may set.
ADMIN_FIELDS = ("is_superuser", "is_staff")


def _model_permissions(group_ids):
    by_group = defaultdict(set)
    rows = Group.permissions.through.objects.filter(group_id__in=group_ids).values_list(
        "group_id", "permission__content_type__app_label", "permission__codename"
    )
    for group_id, app_label, codename in rows:
        by_group[group_id].add(f"{app_label}.{codename}")
    return by_group


def _tree_permissions(model, field, group_ids):
    """{group id: {(tree path, permission id)}} of page or collection permissions."""
    by_group = defaultdict(set)
    rows = model.objects.filter(group_id__in=group_ids).values_list(
        "group_id", f"{field}__path", "permission_id"
    )
    for group_id, path, permission_id in rows:
        by_group[group_id].add((path, permission_id))
    return by_group


def _covered(wanted, held):
    """Every (path, permission) wanted is held at that path or above it."""
    return all(
        any(path.startswith(held_path) and perm == held_perm for held_path, held_perm in held)
        for path, perm in wanted
    )


def grantable_group_ids(user):
    """The ids of the groups that grant nothing ``user`` lacks (all, for a superuser)."""
    all_ids = list(Group.objects.values_list("pk", flat=True))
    if user.is_superuser:
        return set(all_ids)
    own_ids = set(user.groups.values_list("pk", flat=True))
    own_models = user.get_all_permissions()
    models = _model_permissions(all_ids)
    pages = _tree_permissions(GroupPagePermission, "page", all_ids)
    collections = _tree_permissions(GroupCollectionPermission, "collection", all_ids)
    own_pages = set().union(*(pages[pk] for pk in own_ids))
    own_collections = set().union(*(collections[pk] for pk in own_ids))
    return {
        pk
        for pk in all_ids
        if models[pk] <= own_models
        and _covered(pages[pk], own_pages)
        and _covered(collections[pk], own_collections)
    }


def may_manage_user(editor, user):
    """Whether ``editor`` may edit or delete ``user``: a superuser may; anyone else only
    a user who is no superuser and holds no group or permission beyond the editor's."""
    if editor.is_superuser or editor.pk == user.pk:
        return True
    if user.is_superuser or (getattr(user, "is_staff", False) and not editor.is_staff):
        return False
    if not set(user.groups.values_list("pk", flat=True)) <= grantable_group_ids(editor):
        return False
    direct = {
        f"{app_label}.{codename}"
        for app_label, codename in user.user_permissions.values_list(
            "content_type__app_label", "codename"
        )
    }
    return direct <= editor.get_all_permissions()


class RoleLimitedUserFormMixin:
    """The user form's Roles tab, narrowed to what the editing user may grant."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_user = for_user
        if for_user is None or for_user.is_superuser:
            return
        for name in ADMIN_FIELDS:
            self.fields.pop(name, None)
        if "groups" in self.fields:
            # The user edited holds no other group (``may_manage_user``): none is lost.
            grantable = grantable_group_ids(for_user)
            self.fields["groups"].queryset = Group.objects.filter(pk__in=grantable)

    def clean(self):
        cleaned_data = super().clean()
        if self.for_user is not None and not self.for_user.is_superuser:
            for name in ADMIN_FIELDS:
                if self.data.get(name) not in (None, "", "false", "off"):
                    raise forms.ValidationError(
                        _("Only an administrator may give administrator rights."),
                        code="permission_denied",
                    )
        return cleaned_data


class PortalUserCreationForm(RoleLimitedUserFormMixin, UserCreationForm):
    """Wagtail's new-user form, offering only the rights its user may grant."""


class PortalUserEditForm(RoleLimitedUserFormMixin, UserEditForm):
    """Wagtail's user form, offering only the rights its user may grant."""


class RoleLimitedViewMixin:
    """Gives the form the editing user, and refuses users beyond their reach."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}


class PortalUserCreateView(RoleLimitedViewMixin, CreateView):
    """Wagtail's "Add user", with the portal's limits on rights."""


class PortalUserEditView(RoleLimitedViewMixin, EditView):
    """Wagtail's "Edit user", refused for users holding more than the editor."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if not may_manage_user(request.user, self.object):
            raise PermissionDenied


class PortalUserDeleteView(DeleteView):
    """Wagtail's "Delete user", refused for users holding more than the editor."""

    def dispatch(self, request, *args, **kwargs):
        if not may_manage_user(request.user, self.get_object()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PortalUserViewSet(UserViewSet):
    """Wagtail's users section with the portal's forms and limits."""

    add_view_class = PortalUserCreateView
    edit_view_class = PortalUserEditView
    delete_view_class = PortalUserDeleteView

    def get_form_class(self, for_update=False):
        return PortalUserEditForm if for_update else PortalUserCreationForm


def check_bulk_user_action(request, action_type, objects, action):
    """The users listing's bulk actions (assign a role, delete, (de)activate) follow
    the same limits: only users within reach, only groups the editor may grant."""
    if not objects or not isinstance(objects[0], get_user_model()):
        return
    if not all(may_manage_user(request.user, user) for user in objects):
        raise PermissionDenied
    role = getattr(action, "cleaned_form", None) and action.cleaned_form.cleaned_data.get("role")
    if role is not None and role.pk not in grantable_group_ids(request.user):
        raise PermissionDenied
