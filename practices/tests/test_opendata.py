"""Open data: the passport, and data.csv / data.json validated against their published field list."""

from __future__ import annotations

import csv
import datetime
import io
import json
from decimal import Decimal

import jsonschema
import pytest
from django.urls import reverse

from conftest import client_for
from practices import opendata

from .conftest import APPROVER, TEAM_MEMBER, bulk_practices, make_practice

pytestmark = pytest.mark.django_db

PARSERS = {
    "integer": int,
    "number": Decimal,
    "string": str,
    "date": datetime.date.fromisoformat,
    "datetime": datetime.datetime.fromisoformat,
}


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8")


def published_fields(client) -> list[dict]:
    """The field list as the portal publishes it in structure.csv."""
    response = client.get(reverse("practices:opendata-structure"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body(response))))
    assert list(rows[0]) == list(opendata.STRUCTURE_HEADER)
    assert {row["format"] for row in rows} <= set(opendata.FORMATS)
    return rows


@pytest.fixture
def world(practice, far_practice, unit, economy_user):
    """Two municipalities' practices, one of them typed to look like a formula."""
    make_practice(unit, economy_user, title='=HYPERLINK("http://evil";"Нажми")', process="-2+3")
    return practice


def test_passport_is_public_and_names_licence_fields_and_files(client, world):
    response = client.get(reverse("practices:opendata"))
    assert response.status_code == 200
    html = response.content.decode()
    for shown in ("CC BY 4.0", opendata.IDENTIFIER, opendata.PUBLISHER, "data.csv", "data.json", "structure.csv",
                  "schema.json", "/api/v1/practices/"):  # fmt: skip
        assert shown in html, shown
    for field in opendata.FIELDS:
        assert f"<code>{field.name}</code>" in html
    assert response.context["updated"] is not None and response.context["count"] == 3


def test_files_are_public_at_stable_addresses(client):
    assert reverse("practices:opendata-csv") == "/opendata/practices/data.csv"
    assert reverse("practices:opendata-json") == "/opendata/practices/data.json"
    assert reverse("practices:opendata-structure") == "/opendata/practices/structure.csv"
    assert reverse("practices:opendata-schema") == "/opendata/practices/schema.json"
    for name in ("opendata", "opendata-csv", "opendata-json", "opendata-structure", "opendata-schema"):
        response = client.get(reverse(f"practices:{name}"))
        assert response.status_code == 200, name
        assert client.head(reverse(f"practices:{name}")).status_code == 200
        assert client.post(reverse(f"practices:{name}")).status_code == 405


def test_csv_validates_against_the_published_field_list(client, world):
    fields = published_fields(client)
    response = client.get(reverse("practices:opendata-csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = body(response)
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    assert header == [f["field name"] for f in fields]  # every field, in order, no other
    rows = list(reader)
    assert len(rows) == 3
    nullable = {f.name for f in opendata.FIELDS if f.nullable}
    for row in rows:
        assert len(row) == len(header)
        for value, field in zip(row, fields, strict=True):
            if value == "" and (field["field name"] in nullable or field["format"] == "string"):
                continue
            PARSERS[field["format"]](value)  # raises when the type does not parse
    statuses = {row[header.index("status")] for row in rows}
    assert statuses <= set(opendata.STATUSES)
    # Nothing can become a formula in a spreadsheet; nobody is named beyond the lead.
    titles = [row[header.index("title")] for row in rows]
    assert '\'=HYPERLINK("http://evil";"Нажми")' in titles
    assert "'-2+3" in [row[header.index("process")] for row in rows]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    for hidden in (TEAM_MEMBER, APPROVER.split()[0], "secret@example.org"):
        assert hidden not in text


def test_json_validates_against_the_published_schema(client, world):
    fields = published_fields(client)
    schema = json.loads(body(client.get(reverse("practices:opendata-schema"))))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert list(schema["items"]["properties"]) == [f["field name"] for f in fields]
    data = json.loads(body(client.get(reverse("practices:opendata-json"))))
    jsonschema.Draft202012Validator(schema).validate(data)  # every field, its type, no extra field
    assert len(data) == 3
    by_format = {f["field name"]: f["format"] for f in fields}
    for record in data:
        for name, value in record.items():
            if value is not None:
                PARSERS[by_format[name]](str(value))
    assert data[0]["id"] < data[1]["id"] < data[2]["id"]
    titles = [record["title"] for record in data]
    assert '=HYPERLINK("http://evil";"Нажми")' in titles  # JSON is not opened by spreadsheets: as typed
    text = json.dumps(data, ensure_ascii=False)
    for hidden in (TEAM_MEMBER, APPROVER.split()[0], "secret@example.org"):
        assert hidden not in text


def test_the_schema_refuses_an_extra_or_missing_field(client, world):
    schema = json.loads(body(client.get(reverse("practices:opendata-schema"))))
    [record, *_] = json.loads(body(client.get(reverse("practices:opendata-json"))))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{**record, "team": ["Секретнова"]}], schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{k: v for k, v in record.items() if k != "lead_name"}], schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{**record, "assessed_on": "01.03.2025"}], schema)


def test_empty_data_set_is_still_valid(client):
    schema = json.loads(body(client.get(reverse("practices:opendata-schema"))))
    assert json.loads(body(client.get(reverse("practices:opendata-json")))) == []
    jsonschema.validate([], schema)
    header = body(client.get(reverse("practices:opendata-csv"))).splitlines()
    assert header == [",".join(opendata.FIELD_NAMES)]
    assert "записей пока нет" in client.get(reverse("practices:opendata")).content.decode()


def test_files_read_a_fixed_number_of_queries(client, unit, far_org, economy_user, django_assert_max_num_queries):
    bulk_practices([unit, far_org], economy_user, 5)
    with django_assert_max_num_queries(10) as few:
        body(client.get(reverse("practices:opendata-json")))
    bulk_practices([unit, far_org], economy_user, 40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        data = json.loads(body(client.get(reverse("practices:opendata-json"))))
    assert len(data) == 45


def test_logged_in_readers_get_the_same_files(client, far_user, world):
    anonymous = body(client.get(reverse("practices:opendata-csv")))
    assert body(client_for(client, far_user).get(reverse("practices:opendata-csv"))) == anonymous
