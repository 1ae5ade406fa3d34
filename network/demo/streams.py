"""Turn the data files' block lists into StreamField data (the JSON Wagtail stores).

The block syntax of the data files, one ``[[<item>.body]]`` table per block::

    type = "heading"      text = "..."
    type = "paragraph"    html = "<p>... [text](city:valladolid) ... [text](doc:key) ...</p>"
    type = "image"        image = "city:slug" | "topic:slug" | "img:key"
                          caption = "...", alt_text = "..." (both optional)
    type = "quote"        quote = "...", attribution = "..."
    type = "key_figures"  figures = [["120", "cargo bikes"], ...]
    type = "links"        links = [["text", "project:slug" | "https://..."], ...]
    type = "documents"    documents = ["document-key", ...]
    type = "people"       people = ["person-key", ...]
    type = "section"      heading = "..."; then [[<item>.body.content]] blocks
                          (paragraph, image or quote)
    type = "gallery"      images = ["img:key", ...]            (city pages only)

In rich text, ``[text](kind:key)`` links to a page of the demo (city, call, conference,
project, news, resource, page, section), ``[text](doc:key)`` to a document and
``[text](https://...)`` to another site. Page references are resolved after every page
of the demo has been placed in the tree, so any item may link to any other.

Block ids are derived from the item's key and the block's position, so loading the
same data twice gives the same ids (translations follow blocks by id).
"""

import datetime
import re
import uuid
from html import escape

_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_NAMESPACE = uuid.UUID("6f1d2c8e-7a3b-4d6e-9c1a-2b3c4d5e6f70")


def block_id(*parts):
    """A stable id for the block at this position of this item."""
    return str(uuid.uuid5(_NAMESPACE, "/".join(str(part) for part in parts)))


def rich_text(html, refs):
    """Rich text in Wagtail's storage format: page and document links by id."""

    def link(match):
        text, target = match.groups()
        if target.startswith(("https://", "http://")):
            return f'<a href="{escape(target)}">{text}</a>'
        if target.startswith("doc:"):
            return f'<a linktype="document" id="{refs.document(target[4:]).pk}">{text}</a>'
        return f'<a linktype="page" id="{refs.page(target).pk}">{text}</a>'

    return _LINK.sub(link, html)


def link_value(text, target, refs):
    """A LinkBlock value: a page of the demo or an address on another site."""
    if target.startswith(("https://", "http://")):
        return {"page": None, "url": target, "text": text}
    return {"page": refs.page(target).pk, "url": "", "text": text}


def list_items(values, *parts):
    return [
        {"type": "item", "value": value, "id": block_id(*parts, n)}
        for n, value in enumerate(values)
    ]


def _figure(block, refs):
    return {
        "image": refs.image(block["image"]).pk,
        "alt_text": block.get("alt_text", ""),
        "caption": block.get("caption", ""),
    }


def block_value(block, refs, *parts):
    """The stored value of one block of the data files."""
    kind = block["type"]
    if kind == "heading":
        return block["text"]
    if kind == "paragraph":
        return rich_text(block["html"], refs)
    if kind == "image":
        return _figure(block, refs)
    if kind == "quote":
        return {"quote": block["quote"], "attribution": block.get("attribution", "")}
    if kind == "key_figures":
        figures = [{"value": value, "label": label} for value, label in block["figures"]]
        return list_items(figures, *parts)
    if kind == "links":
        return list_items([link_value(t, target, refs) for t, target in block["links"]], *parts)
    if kind == "documents":
        return list_items([refs.document(key).pk for key in block["documents"]], *parts)
    if kind == "people":
        return list_items([refs.person(key).pk for key in block["people"]], *parts)
    if kind == "gallery":
        return list_items([refs.image(ref).pk for ref in block["images"]], *parts)
    if kind == "section":
        return {
            "heading": block["heading"],
            "content": stream(block.get("content", []), refs, *parts, "content"),
        }
    raise ValueError(f"Unknown block type {kind!r} in {'/'.join(map(str, parts))}.")


def stream(blocks, refs, *parts):
    """A StreamField's raw data from a list of blocks of the data files."""
    return [
        {
            "type": block["type"],
            "value": block_value(block, refs, *parts, n),
            "id": block_id(*parts, n),
        }
        for n, block in enumerate(blocks)
    ]


def resource_items(entries, refs, *parts):
    """A ResourceItemBlock stream: documents and links, each with a description."""
    items = []
    for n, entry in enumerate(entries):
        if "doc" in entry:
            kind = "document"
            value = {"document": refs.document(entry["doc"]).pk}
        else:
            kind = "link"
            value = {"link": link_value(entry.get("text", ""), entry["link"], refs)}
        value["description"] = entry.get("description", "")
        items.append({"type": kind, "value": value, "id": block_id(*parts, n)})
    return items


def document_items(documents, refs, *parts):
    """A ResourceItemBlock stream of documents from ``[[key, description], ...]``."""
    return resource_items(
        [{"doc": key, "description": text} for key, text in documents], refs, *parts
    )


def programme(days, first_day, refs, *parts):
    """A ProgrammeBlock stream: the conference's days, day 1 being ``first_day``."""
    stream_data = []
    for n, day in enumerate(days):
        sessions = [
            {
                "starts": f"{session['starts']}:00",
                "ends": f"{session['ends']}:00" if session.get("ends") else None,
                "title": session["title"],
                "kind": session.get("kind", "plenary"),
                "room": session.get("room", ""),
                "description": rich_text(session.get("description", ""), refs),
                "speakers": list_items(
                    [refs.person(key).pk for key in session.get("speakers", [])],
                    *parts,
                    n,
                    "session",
                    s,
                    "speakers",
                ),
            }
            for s, session in enumerate(day["session"])
        ]
        date = first_day + datetime.timedelta(days=day["day"] - 1)
        value = {
            "date": date.isoformat(),
            "title": day.get("title", ""),
            "sessions": list_items(sessions, *parts, n, "sessions"),
        }
        stream_data.append({"type": "day", "value": value, "id": block_id(*parts, n)})
    return stream_data
