"""A notice: a message id and its parameters, translated when it is read rather than when it is sent.

``notice("Cuộc họp «%(title)s» đã bị hủy.", title=…)`` marks the Vietnamese text for extraction
(the ``notice`` keyword of ``pybabel extract``) and keeps it untranslated; ``render()`` translates it
in the current locale (the reader's page, or ``force_locale`` for an e-mail). A parameter may itself
be a notice (the agenda change embeds the phrase saying what changed); other parameters are plain
strings and numbers, stored as they are — times are the Vietnam wall-clock text the invitation
states ("07:30 01/12/2026"), the same HH:mm dd/MM/yyyy the pages show in either language.

Stored as JSON: ``{"msgid": …, "params": {name: value | {"msgid": …, "params": …}}}``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import force_locale, gettext


@dataclass(frozen=True)
class Notice:
    msgid: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self) -> str:
        """The text in the current locale, nested notices included."""
        values = {k: v.render() if isinstance(v, Notice) else v for k, v in self.params.items()}
        return gettext(self.msgid, **values)

    def render_in(self, locale: str | None) -> str:
        """The text in ``locale`` (a language the site offers), else in the default language."""
        config = current_app.config
        if locale not in config["LANGUAGES"]:
            locale = config["BABEL_DEFAULT_LOCALE"]
        with force_locale(locale):
            return self.render()

    def default_text(self) -> str:
        """The Vietnamese (default language) text: what ``Notification.text`` keeps."""
        return self.render_in(None)

    def params_json(self) -> dict[str, Any]:
        return {k: v.to_json() if isinstance(v, Notice) else v for k, v in self.params.items()}

    def to_json(self) -> dict[str, Any]:
        return {"msgid": self.msgid, "params": self.params_json()}

    @classmethod
    def from_json(cls, msgid: str, params: dict[str, Any] | None) -> Notice:
        def value(v):
            return cls.from_json(v["msgid"], v.get("params")) if isinstance(v, dict) and "msgid" in v else v

        return cls(msgid, {k: value(v) for k, v in (params or {}).items()})


def notice(msgid: str, **params) -> Notice:
    """Mark ``msgid`` for translation (extraction keyword ``notice``) without translating it now."""
    for name, value in params.items():
        if not isinstance(value, (str, int, float, Notice)) or isinstance(value, bool):
            raise TypeError(f"notice parameter {name!r} must be text, a number or a notice, not {type(value)!r}")
    return Notice(msgid, dict(params))
