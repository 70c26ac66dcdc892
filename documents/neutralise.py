"""Take out what could act in a reader from the copy members receive (docs/security.md, "Hostile
input"): the pikepdf twin of ``documents.watermark.neutralise_page`` for the prepared base
(``documents/stamping.py``). The original in the store stays as uploaded; only copies are cleaned.

Document level: the open action, the catalogue's own actions, the name tree (JavaScript, embedded
files — and named destinations with them), interactive forms (and their scripts), associated files;
outline items keep their place but lose any action other than "go to page" or "open web address".
Page level: as ``neutralise_page`` — page actions, attachment and media annotations, unsafe link actions.
"""

from __future__ import annotations

import pikepdf

from documents.watermark import SAFE_ACTIONS

_DOCUMENT_KEYS = ("/OpenAction", "/AA", "/Names", "/AcroForm", "/AF")
_MEDIA = ("/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D")
_MAX_OUTLINE_ITEMS = 100_000  # a cycle in a hostile outline must not loop for ever


def _safe_action(holder) -> None:
    action = holder.get("/A")
    if action is None:
        return
    if not isinstance(action, pikepdf.Dictionary) or action.get("/S") not in SAFE_ACTIONS:
        del holder["/A"]
    elif "/Next" in action:
        del action["/Next"]


def _outline_items(root):
    """Every outline item (depth first), each once."""
    outlines = root.get("/Outlines")
    stack = [outlines.get("/First")] if isinstance(outlines, pikepdf.Dictionary) else []
    seen: set[tuple[int, int]] = set()
    while stack and len(seen) < _MAX_OUTLINE_ITEMS:
        item = stack.pop()
        if not isinstance(item, pikepdf.Dictionary) or (item.is_indirect and item.objgen in seen):
            continue
        if item.is_indirect:
            seen.add(item.objgen)
        yield item
        stack.extend(x for x in (item.get("/Next"), item.get("/First")) if x is not None)


def neutralise_pdf(pdf: pikepdf.Pdf) -> None:
    root = pdf.Root
    for key in _DOCUMENT_KEYS:
        if key in root:
            del root[key]
    for item in _outline_items(root):
        if "/AA" in item:
            del item["/AA"]
        _safe_action(item)
    for page in pdf.pages:
        obj = page.obj
        for key in ("/AA", "/AF"):
            if key in obj:
                del obj[key]
        annots = obj.get("/Annots")
        if not isinstance(annots, pikepdf.Array):
            continue
        kept = pikepdf.Array()
        for annot in annots:
            if not isinstance(annot, pikepdf.Dictionary) or annot.get("/Subtype") in _MEDIA:
                continue
            for key in ("/AA", "/AF"):
                if key in annot:
                    del annot[key]
            _safe_action(annot)
            kept.append(annot)
        obj.Annots = kept
