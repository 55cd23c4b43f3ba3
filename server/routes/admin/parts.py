"""Admin pages of a mission's parts: its lines or sites, and its intervention types (the phone's
buttons). Each kind has its section of the mission's page and is handled the same way: added,
renamed, taken off the phones or brought back (reports keep it); types are also reordered."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from flask import flash, redirect
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm

from ...errors import not_found
from ...forms.missions import NewSiteForm, NewTypeForm, SiteForm, TypeForm
from ...services import catalogue_admin, missions
from ..guards import page_for
from ..pages import form_page, once_saved
from . import bp
from .missions import mission_page, mission_url


@dataclass(frozen=True)
class PartKind:
    """What the admin pages do to one kind of part, named by its section of the mission's page."""

    name: str  # of its form on the mission's page (`site_form`) and of its id in URLs (`site_id`)
    find: Callable  # (actor, mission_id, part_id): the part, or a 404
    add: Callable  # (actor, mission, values): a new one, placed last
    rename: Callable  # (actor, part, values)
    set_offered: Callable  # (actor, part, offered): on the phones at their next sync, or off them
    new_form: type[FlaskForm]
    form: type[FlaskForm]
    actions: tuple[str, str]  # the words for taking it off the phones, and for bringing it back
    added: LazyString
    renamed: LazyString
    taken_off: LazyString
    brought_back: LazyString


PARTS = {
    "sites": PartKind(
        "site",
        missions.find_site,
        missions.add_site,
        missions.update_site,
        lambda actor, site, offered: missions.set_site_archived(actor, site, not offered),
        NewSiteForm,
        SiteForm,
        ("archive", "unarchive"),
        _l("Ligne ou site ajouté."),
        _l("Ligne ou site renommé."),
        _l("Ligne ou site archivé."),
        _l("Ligne ou site rétabli."),
    ),
    "types": PartKind(
        "type",
        catalogue_admin.find_type,
        catalogue_admin.add_type,
        catalogue_admin.rename_type,
        catalogue_admin.set_type_active,
        NewTypeForm,
        TypeForm,
        ("retire", "restore"),
        _l("Type d’intervention ajouté."),
        _l("Type d’intervention renommé."),
        _l("Type retiré des téléphones."),
        _l("Type rétabli."),
    ),
}


@page_for("admin")
def add_part(mission_id: int, section: str):
    """A new line or site, or a new button for the phones, placed last."""
    kind = PARTS[section]
    mission = missions.find_mission(current_user, mission_id)
    form = kind.new_form(prefix=kind.name)
    save = partial(kind.add, current_user, mission)
    done = once_saved(form, save, str(kind.added), mission_url(mission.id, section))
    return done or mission_page(mission, **{f"{kind.name}_form": form})


@page_for("admin")
def rename_part(mission_id: int, part_id: int, section: str):
    kind = PARTS[section]
    part = kind.find(current_user, mission_id, part_id)
    form = kind.form(obj=part)
    done = once_saved(
        form, partial(kind.rename, current_user, part), str(kind.renamed), mission_url(mission_id, section)
    )
    return done or form_page("admin/part_form.html", form, part=part, section=section)


@page_for("admin")
def offer_part(mission_id: int, part_id: int, action: str, section: str):
    """Take a part off the phones (archive a line, retire a type) or bring it back."""
    kind = PARTS[section]
    taken_off, brought_back = kind.actions
    if action not in kind.actions:
        raise not_found()
    part = kind.find(current_user, mission_id, part_id)
    kind.set_offered(current_user, part, action == brought_back)
    flash(str(kind.taken_off if action == taken_off else kind.brought_back), "success")
    return redirect(mission_url(mission_id, section))


# The same pages for each kind, under its section's own URLs (/missions/1/sites/2/archive).
for section, kind in PARTS.items():
    part_url = f"/missions/<int:mission_id>/{section}"
    defaults = {"section": section}
    bp.add_url_rule(part_url, view_func=add_part, methods=["POST"], defaults=defaults)
    bp.add_url_rule(f"{part_url}/<int:part_id>", view_func=rename_part, methods=["GET", "POST"], defaults=defaults)
    actions = ", ".join(kind.actions)
    bp.add_url_rule(
        f"{part_url}/<int:part_id>/<any({actions}):action>", view_func=offer_part, methods=["POST"], defaults=defaults
    )


@bp.post("/missions/<int:mission_id>/types/<int:part_id>/<any(up, down):direction>")
@page_for("admin")
def move_type(mission_id: int, part_id: int, direction: str):
    kind = catalogue_admin.find_type(current_user, mission_id, part_id)
    catalogue_admin.move_type(current_user, kind, -1 if direction == "up" else 1)
    return redirect(mission_url(mission_id, "types"))
