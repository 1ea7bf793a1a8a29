"""The OpenAPI document describes exactly the routes served, with resolvable schemas."""
from __future__ import annotations

import json
import re
from pathlib import Path

from jsonschema import Draft202012Validator

import mock_services
from mock_services.routes import route_groups

from .conftest import Api


def served_routes(api: Api) -> set[tuple[str, str]]:
    return {(route.method, route.resource.canonical) for route in api.client.app.router.routes()}


def documented(spec: dict) -> set[tuple[str, str]]:
    return {(method.upper(), path) for path, operations in spec["paths"].items() for method in operations}


async def test_every_served_route_is_documented_and_nothing_else(make_api) -> None:
    for faults_api in (False, True):
        api: Api = await make_api(faults_api=faults_api)
        assert served_routes(api) == documented(api.spec)
        assert (("POST", "/_faults") in documented(api.spec)) is faults_api


async def test_the_document_is_served_and_references_resolve(api: Api) -> None:
    served = await api.get("/openapi.json")
    assert served.body == json.loads(json.dumps(api.spec))
    assert served.body["openapi"].startswith("3.")
    schemas = served.body["components"]["schemas"]
    for schema in schemas.values():
        Draft202012Validator.check_schema(schema)
    text = json.dumps(served.body)
    for name in {part.split('"')[0] for part in text.split("#/components/schemas/")[1:]}:
        assert name in schemas, f"dangling reference to {name}"


async def test_operations_are_complete(api: Api) -> None:
    operation_ids = []
    for path, operations in api.spec["paths"].items():
        for method, operation in operations.items():
            operation_ids.append(operation["operationId"])
            assert operation["summary"] and operation["description"], (method, path)
            assert "500" in operation["responses"]
            names = {p["name"] for p in operation["parameters"] if p["in"] == "path"}
            assert names == {part[1:-1] for part in path.split("/") if part.startswith("{")}, path
            if operation["security"] and {} not in operation["security"]:
                assert "401" in operation["responses"], path
            if method == "post" and path in ("/appointments", "/tickets", "/agent-queue"):
                assert "Idempotency-Key" in {p["name"] for p in operation["parameters"]}
    assert len(operation_ids) == len(set(operation_ids))


def test_all_business_groups_are_registered() -> None:
    tags = [group.tag for group in route_groups(faults_api=False)]
    assert {"社会保险", "住房公积金", "办件进度", "办事大厅", "预约", "民生诉求", "交通违法", "人工客服"} <= set(tags)


def test_every_error_code_raised_is_documented() -> None:
    """Actions branch on codes, so a code missing from the document is a bug."""
    from mock_services.openapi import build_spec

    package = Path(mock_services.__file__).parent
    source = "\n".join(path.read_text(encoding="utf-8") for path in package.rglob("*.py"))
    raised = set(re.findall(r'(?:not_found|conflict|invalid|unauthorized)\(\s*"([a-z_]+)"', source))
    raised |= set(re.findall(r'ApiError\(\s*\d{3},\s*"([a-z_]+)"', source))
    assert {"slot_full", "already_cancelled", "auth_required", "invalid_json"} <= raised
    spec_text = json.dumps(build_spec(route_groups(faults_api=True), "http://x"))
    undocumented = {code for code in raised if code not in spec_text}
    assert not undocumented
