"""Every text a client can send through the API has a length in the OpenAPI document,
every integer the database's range, and every operation declares its error answers."""

import pytest
from ninja import Field

from govdesk.api.schemas import DB_INT_MAX, InputSchema
from govdesk.api.urls import api

DOCUMENT = api.get_openapi_schema()


def _resolve(schema: dict) -> dict:
    if "$ref" in schema:
        return DOCUMENT["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _leaves(name: str, schema: dict):
    """(name, schema) of every scalar in ``schema``, through refs, unions and arrays."""
    schema = _resolve(schema)
    if "format" in schema:  # a decimal: a number, or the same as a string
        yield name, schema
        return
    for option in schema.get("anyOf", []) + schema.get("allOf", []):
        yield from _leaves(name, option)
    if schema.get("type") == "array":
        yield from _leaves(f"{name}[]", schema["items"])
    for prop, sub in schema.get("properties", {}).items():
        yield from _leaves(f"{name}.{prop}", sub)
    if schema.get("type") in ("string", "integer"):
        yield name, schema


def _inputs():
    for path, methods in DOCUMENT["paths"].items():
        for method, operation in methods.items():
            where = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                if parameter["in"] != "path":
                    yield from _leaves(f"{where} {parameter['name']}", parameter["schema"])
            for content in operation.get("requestBody", {}).get("content", {}).values():
                yield from _leaves(f"{where} body", content["schema"])


INPUTS = list(_inputs())


def test_the_document_has_inputs_to_check():
    assert len(INPUTS) > 150


def test_every_free_text_input_has_a_max_length():
    free_text = [
        (name, s)
        for name, s in INPUTS
        if s.get("type") == "string" and not {"enum", "const", "format"} & set(s)
    ]
    assert [name for name, s in free_text if "maxLength" not in s] == []


def test_every_integer_input_fits_the_database():
    integers = [(name, s) for name, s in INPUTS if s.get("type") == "integer" and "enum" not in s]
    assert [name for name, s in integers if s.get("maximum", DB_INT_MAX + 1) > DB_INT_MAX] == []


def test_every_operation_declares_its_error_answers():
    for methods in DOCUMENT["paths"].values():
        for method, operation in methods.items():
            declared = {str(status) for status in operation["responses"]}
            expected = {"400", "401", "403", "404", "422"}
            if method != "get":
                expected |= {"409", "413"}
            assert expected <= declared, operation["operationId"]


def test_a_schema_with_unbounded_text_cannot_be_declared():
    with pytest.raises(TypeError, match=r"Careless\.remark: text input needs a max_length"):

        class Careless(InputSchema):
            remark: str = Field("", description="备注")


@pytest.mark.django_db
def test_feedback_text_sent_as_a_form_field_is_limited_too(world, login):
    response = login(world.a_officer).post(
        "/api/tasks/1/feedback", {"text": "已落实\x00"}, format="multipart"
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "text": ["不能包含控制字符（如 NUL、退格等不可见字符），请删除后重试。"]
    }
