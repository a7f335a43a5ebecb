"""Stored times (UTC, ISO) as the window shows them: local time, in its language's way.

Shared by the pages (notes, voting rounds and their logs); no page imports another."""

from __future__ import annotations

from PySide6.QtCore import QDate, QDateTime, QLocale, Qt


def locale_for(lang: str) -> QLocale:
    """Dates and times the way the window's language writes them."""
    return QLocale(QLocale.Language.Japanese if lang == "ja" else QLocale.Language.English,
                   QLocale.Country.Japan if lang == "ja" else QLocale.Country.UnitedStates)


def local_time(iso: str, locale: QLocale, today: QDate | None = None) -> str:
    """A stored UTC time as local time: "14:05" for today, with the date otherwise."""
    moment = QDateTime.fromString(iso, Qt.DateFormat.ISODateWithMs)
    if not moment.isValid():
        return ""
    moment = moment.toLocalTime()
    if moment.date() == (today or QDate.currentDate()):
        return locale.toString(moment.time(), QLocale.FormatType.ShortFormat)
    return locale.toString(moment, QLocale.FormatType.ShortFormat)
