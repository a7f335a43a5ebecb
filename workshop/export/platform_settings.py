"""The organiser's choices for the platform files, kept as platform settings in the
workshop file: one proposal per idea or per cluster, and the platform ids (Decidim
category/scope or taxonomies) each cluster's proposals get.

Read from the store (or a snapshot) and from other laptops' bundles, so every value is
checked when read and anything unreadable counts as not set. The files themselves are
built in ``workshop.export.decidim``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from workshop import strict_json
from workshop.errors import InputError
from workshop.i18n import N_
from workshop.model import Cluster
from workshop.store import WorkshopStore

PROPOSALS_PER = ("idea", "cluster")


@dataclass(frozen=True)
class ClusterLink:
    """The platform ids a cluster's proposals get: Decidim category/scope (≤ 0.29) or
    taxonomies (≥ 0.30). Empty strings: not set."""

    category: str = ""
    scope: str = ""
    taxonomies: str = ""  # comma-separated ids, e.g. "12,15"


NO_LINK = ClusterLink()  # shared: a new one for each of 10,000 unlinked ideas adds up


@dataclass(frozen=True)
class PlatformSettings:
    proposals_per: str = "idea"
    clusters: dict[str, ClusterLink] = field(default_factory=dict)


def platform_settings(store: WorkshopStore) -> PlatformSettings:
    """The organiser's choices; anything unreadable counts as not set."""
    raw = store.platform_settings()
    per = _loaded(raw.get("proposals_per"))
    links = _loaded(raw.get("cluster_links"))
    clusters = {}
    if isinstance(links, dict):
        for cluster_id, value in links.items():
            link = _valid_link(value)
            if link is not None:
                clusters[cluster_id] = link
    return PlatformSettings(per if per in PROPOSALS_PER else "idea", clusters)


_ID = re.compile(r"[1-9][0-9]{0,9}")
_IDS = re.compile(r"[1-9][0-9]{0,9}(,[1-9][0-9]{0,9})*")


def _valid_link(value: object) -> ClusterLink | None:
    """A stored link, if it is one: settings may come from another laptop's bundle."""
    if not isinstance(value, dict):
        return None
    link = ClusterLink(*(value.get(k, "") for k in ("category", "scope", "taxonomies")))
    for text, pattern in ((link.category, _ID), (link.scope, _ID), (link.taxonomies, _IDS)):
        if not isinstance(text, str) or (text and not pattern.fullmatch(text)):
            return None
    return link


def valid_setting(key: str, value: object) -> bool:
    """Whether ``value`` is a valid value of the platform setting ``key`` (as read from
    another laptop's bundle: every type checked, nothing coerced)."""
    if key == "proposals_per":
        return isinstance(value, str) and value in PROPOSALS_PER
    if key == "cluster_links":
        return isinstance(value, dict) and all(
            isinstance(cid, str) and _CLUSTER_ID.fullmatch(cid) and isinstance(link, dict)
            and set(link) <= {"category", "scope", "taxonomies"}
            and _valid_link(link) is not None for cid, link in value.items())
    return False


# As workshop.schema.json's ids.
_CLUSTER_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z._:-]{0,63}")


def check_proposals_per(unit: str) -> str:
    """``unit`` if proposals can be made per it; raises the one-line ``InputError`` if not
    (read-only: a window checks before it queues the write)."""
    if unit not in PROPOSALS_PER:
        raise InputError("proposals_per", N_("Proposals are made per idea or per cluster."))
    return unit


def set_proposals_per(store: WorkshopStore, unit: str) -> None:
    """One proposal per idea (the default) or per cluster."""
    store.set_platform_setting("proposals_per", json.dumps(check_proposals_per(unit)))


def checked_link(store: WorkshopStore, cluster_id: str, *, category: str = "",
                 scope: str = "", taxonomies: str = "") -> ClusterLink:
    """The link ``link_cluster`` would set, checked without writing: raises the one-line
    ``InputError`` for an id that is not one (``NotFoundError`` for no such cluster)."""
    store.get(Cluster, cluster_id)
    for name, value in (("category", category), ("scope", scope)):
        if value and not _ID.fullmatch(value):
            raise InputError(name, N_("A {name} id is a whole number, e.g. 12."), name=name)
    taxonomies = re.sub(r"\s+", "", taxonomies)
    if taxonomies and not _IDS.fullmatch(taxonomies):
        raise InputError("taxonomies", N_("Taxonomy ids are whole numbers separated by "
                                          "commas, e.g. 12,15."))
    return ClusterLink(category, scope, taxonomies)


def link_cluster(store: WorkshopStore, cluster_id: str, *, category: str = "",
                 scope: str = "", taxonomies: str = "") -> ClusterLink:
    """Set (or, with no ids, clear) the platform ids of one cluster's proposals."""
    link = checked_link(store, cluster_id, category=category, scope=scope,
                        taxonomies=taxonomies)
    with store.transaction():
        current = platform_settings(store).clusters
        links = {cid: vars_of(value) for cid, value in current.items()}
        if link == ClusterLink():
            links.pop(cluster_id, None)
        else:
            links[cluster_id] = vars_of(link)
        store.set_platform_setting("cluster_links", json.dumps(links, sort_keys=True))
    return link


def find_cluster(store: WorkshopStore, name_or_id: str) -> Cluster:
    """A live cluster by its id or its exact name."""
    for cluster in store.list(Cluster):
        if name_or_id in (cluster.id, cluster.name):
            return cluster
    raise InputError("cluster", N_("There is no cluster named “{name}”."), name=name_or_id)


def cluster_names(store: WorkshopStore) -> dict[str, str]:
    return {c.id: c.name for c in store.list(Cluster, include_deleted=True)}


def vars_of(link: ClusterLink) -> dict[str, str]:
    return {"category": link.category, "scope": link.scope, "taxonomies": link.taxonomies}


def _loaded(row: tuple[str, str, str] | None) -> object:
    if row is None:
        return None
    try:
        return strict_json.loads(row[0])
    except ValueError:
        return None
