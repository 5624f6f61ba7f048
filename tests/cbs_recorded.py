"""Recorded answers of CBS StatLine in the shape the `cbsodata` package returns them, for
tests without network. The structure follows table 83648NED (registered crime by type and
region: the dimensions SoortMisdrijf, RegioS and Perioden, topics under a topic group, period
keys such as 2023JJ00 with a Status); the region GM9999 'Voorbeeldstad' and every figure are
synthetic.

`FakeCbs` stands in for the three cbsodata functions the command uses: `get_info` and
`get_meta` return these lists and dicts, and `get_data` applies an OData filter of the form
"A eq 'x' and B eq 'y'" and `select`, then replaces dimension keys by their titles, as
cbsodata does.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import requests

TABLE = "83648NED"

TABLE_INFOS: dict[str, Any] = {
    "ID": 0,
    "Title": "Geregistreerde criminaliteit; soort misdrijf, regio",
    "ShortTitle": "Geregistreerde criminaliteit; regio",
    "Identifier": TABLE,
    "Summary": "Geregistreerde misdrijven en opgehelderde misdrijven naar soort misdrijf en regio.",
    "Modified": "2024-06-26T02:00:00",
    "ReasonDelivery": "Actualisering",
    "ExplanatoryText": "",
    "Language": "nl",
    "Catalog": "CBS",
    "Frequency": "Perjaar",
    "Period": "2021-2023",
    "ShortDescription": "Synthetische testgegevens.",
    "Description": "Synthetische testgegevens.",
    "DefaultPresentation": "",
    "DefaultSelection": "",
    "GraphTypes": "Table,Bar,Line",
    "OutputStatus": "Regulier",
    "Source": "CBS.",
    "MetaDataModified": "2024-06-26T02:00:00",
    "SearchPriority": "2",
}

DATA_PROPERTIES: list[dict[str, Any]] = [
    {"odata.type": "Cbs.OData.Dimension", "ID": 0, "Position": 0, "ParentID": None, "Type": "Dimension",
     "Key": "SoortMisdrijf", "Title": "Soort misdrijf", "Description": "", "MapYear": None, "ReleasePolicy": False},
    {"odata.type": "Cbs.OData.GeoDimension", "ID": 1, "Position": 1, "ParentID": None, "Type": "GeoDimension",
     "Key": "RegioS", "Title": "Regio's", "Description": "", "MapYear": "2024", "ReleasePolicy": False},
    {"odata.type": "Cbs.OData.TimeDimension", "ID": 2, "Position": 2, "ParentID": None, "Type": "TimeDimension",
     "Key": "Perioden", "Title": "Perioden", "Description": "", "MapYear": None, "ReleasePolicy": True},
    {"odata.type": "Cbs.OData.TopicGroup", "ID": 3, "Position": None, "ParentID": None, "Type": "TopicGroup",
     "Key": "GeregistreerdeMisdrijven", "Title": "Geregistreerde misdrijven", "Description": ""},
    {"odata.type": "Cbs.OData.Topic", "ID": 4, "Position": 3, "ParentID": 3, "Type": "Topic",
     "Key": "TotaalGeregistreerdeMisdrijven_1", "Title": "Totaal geregistreerde misdrijven", "Description": "",
     "Datatype": "Long", "Unit": "aantal", "Decimals": 0, "Default": "Missing", "PresentationType": "Absolute"},
    {"odata.type": "Cbs.OData.Topic", "ID": 5, "Position": 4, "ParentID": 3, "Type": "Topic",
     "Key": "GeregistreerdeMisdrijvenPer1000Inw_3", "Title": "Per 1 000 inwoners", "Description": "",
     "Datatype": "Double", "Unit": "per 1 000 inwoners", "Decimals": 1, "Default": "Missing",
     "PresentationType": "Relative"},
]

DIMENSIONS: dict[str, list[dict[str, Any]]] = {
    "SoortMisdrijf": [
        {"Key": "T001161", "Title": "Misdrijven, totaal", "Description": "", "CategoryGroupID": None},
        {"Key": "CRI1000", "Title": "1 Vermogensmisdrijven", "Description": "", "CategoryGroupID": None},
    ],
    "RegioS": [
        {"Key": "NL01  ", "Title": "Nederland", "Description": "", "CategoryGroupID": 1},
        {"Key": "GM9999", "Title": "Voorbeeldstad", "Description": "Synthetisch.", "CategoryGroupID": 4},
    ],
    "Perioden": [
        {"Key": "2021JJ00", "Title": "2021", "Description": "", "Status": "Definitief"},
        {"Key": "2022JJ00", "Title": "2022", "Description": "", "Status": "Definitief"},
        {"Key": "2023JJ00", "Title": "2023*", "Description": "", "Status": "Voorlopig"},
    ],
}


def _row(ident: int, kind: str, region: str, period: str, total: int | None, rate: float | None) -> dict[str, Any]:
    return {"ID": ident, "SoortMisdrijf": kind, "RegioS": region, "Perioden": period,
            "TotaalGeregistreerdeMisdrijven_1": total, "GeregistreerdeMisdrijvenPer1000Inw_3": rate}


UNTYPED_DATA_SET: list[dict[str, Any]] = [
    _row(0, "T001161", "GM9999", "2021JJ00", 1210, 40.3),
    _row(1, "T001161", "GM9999", "2022JJ00", 1150, None),  # a value CBS does not give
    _row(2, "T001161", "GM9999", "2023JJ00", 1098, 36.6),
    _row(3, "CRI1000", "GM9999", "2021JJ00", 640, 21.3),
    _row(4, "CRI1000", "GM9999", "2022JJ00", 602, 20.1),
    _row(5, "CRI1000", "GM9999", "2023JJ00", 571, 19.0),
    _row(6, "T001161", "NL01  ", "2021JJ00", 700000, 40.0),
    _row(7, "T001161", "NL01  ", "2022JJ00", 710000, 40.5),
    _row(8, "T001161", "NL01  ", "2023JJ00", 720000, 41.0),
]


def http_error(table: str, status: int) -> requests.HTTPError:
    """What cbsodata raises for an HTTP error: a new HTTPError from the one with the response."""
    response = requests.Response()
    response.status_code = status
    original = requests.HTTPError(f"{status} Client Error", response=response)
    try:
        raise requests.HTTPError(f"Downloading table '{table}' failed. {original}") from original
    except requests.HTTPError as error:
        return error


class FakeCbs:
    """cbsodata's get_info, get_meta and get_data over the recorded answers."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, ...]] = []
        self.rows = copy.deepcopy(UNTYPED_DATA_SET)

    def _table(self, table_id: str) -> None:
        if table_id != TABLE:
            raise http_error(table_id, 404)

    def get_info(self, table_id: str, catalog_url: str | None = None, **kwargs: object) -> dict[str, Any]:
        self.calls.append(("get_info", table_id))
        self._table(table_id)
        return copy.deepcopy(TABLE_INFOS)

    def get_meta(self, table_id: str, name: str, catalog_url: str | None = None, **kwargs: object) -> list:
        self.calls.append(("get_meta", table_id, name))
        self._table(table_id)
        if name == "DataProperties":
            return copy.deepcopy(DATA_PROPERTIES)
        return copy.deepcopy(DIMENSIONS[name])

    def get_data(self, table_id: str, dir: str | None = None, typed: bool = False, select: list[str] | None = None,
                 filters: str | None = None, catalog_url: str | None = None, **kwargs: object) -> list:
        self.calls.append(("get_data", table_id, filters or "", ",".join(select or [])))
        self._table(table_id)
        wanted = dict(re.findall(r"(\w+) eq '((?:[^']|'')*)'", filters or ""))
        rows = [r for r in self.rows if all(r[k] == v.replace("''", "'") for k, v in wanted.items())]
        out = []
        for row in rows:
            kept = {k: v for k, v in row.items() if not select or k in select}
            for name, categories in DIMENSIONS.items():  # keys become titles, as in cbsodata
                if name in kept:
                    kept[name] = next(c["Title"] for c in categories if c["Key"] == kept[name])
            out.append(kept)
        return out


def install(monkeypatch, fake: FakeCbs | None = None) -> FakeCbs:  # noqa: ANN001 - pytest's MonkeyPatch
    import cbsodata

    fake = fake or FakeCbs()
    for name in ("get_info", "get_meta", "get_data"):
        monkeypatch.setattr(cbsodata, name, getattr(fake, name))
    return fake


def offline(monkeypatch) -> None:  # noqa: ANN001
    import cbsodata

    def refuse(*args: object, **kwargs: object) -> None:
        raise requests.ConnectionError("Failed to establish a new connection: [Errno -3] Temporary failure in "
                                       "name resolution")

    for name in ("get_info", "get_meta", "get_data"):
        monkeypatch.setattr(cbsodata, name, refuse)
