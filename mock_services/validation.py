"""Request checking against the same JSON Schemas the OpenAPI document publishes.

jsonschema finds the problems; this module words them in Chinese, using each
property's ``title`` as its name and an ``x-message`` where a schema gives one.
"""
from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator, RefResolver
from jsonschema.exceptions import ValidationError

Problem = dict[str, str]


def _title(schema: Any, name: str) -> str:
    if isinstance(schema, dict):
        prop = schema.get("properties", {}).get(name, {})
        return prop.get("title", name) if isinstance(prop, dict) else name
    return name


def _word(error: ValidationError) -> Problem:
    """One jsonschema error → ``{"field", "message"}`` in Chinese."""
    schema = error.schema if isinstance(error.schema, dict) else {}
    field = ".".join(str(part) for part in error.absolute_path)
    label = schema.get("title") or field or "请求内容"
    value = error.validator_value
    kind = error.validator
    if kind == "required":
        missing = next(name for name in value if name not in error.instance)
        return {"field": missing, "message": f"缺少必填项：{_title(schema, missing)}"}
    if kind == "additionalProperties":
        extra = sorted(set(error.instance) - set(schema.get("properties", {})))
        return {"field": field or extra[0], "message": f"不认识的字段：{'、'.join(extra)}"}
    if "x-message" in schema and kind in ("pattern", "format", "minLength", "maxLength", "enum"):
        return {"field": field, "message": schema["x-message"]}
    messages = {
        "type": f"{label}的类型不正确",
        "enum": f"{label}的取值无效，可选：{'、'.join(str(v) for v in value)}" if isinstance(value, list) else "",
        "minLength": f"{label}至少需要 {value} 个字",
        "maxLength": f"{label}不能超过 {value} 个字",
        "minimum": f"{label}不能小于 {value}",
        "maximum": f"{label}不能大于 {value}",
        "pattern": f"{label}的格式不正确",
        "format": f"{label}的格式不正确",
    }
    return {"field": field, "message": messages.get(kind) or f"{label}不符合要求"}


class SchemaChecker:
    """Validates instances against component schemas (``$ref`` resolved within them)."""

    def __init__(self, components: dict[str, dict[str, Any]]) -> None:
        self._root = {"components": {"schemas": components}}
        self._resolver = RefResolver.from_schema(self._root)
        self._cache: dict[str, Draft202012Validator] = {}

    def _validator(self, schema: dict[str, Any]) -> Draft202012Validator:
        key = repr(schema)
        if key not in self._cache:
            self._cache[key] = Draft202012Validator(schema, resolver=self._resolver,
                                                    format_checker=Draft202012Validator.FORMAT_CHECKER)
        return self._cache[key]

    def problems(self, schema: dict[str, Any], instance: Any) -> list[Problem]:
        """Every problem, worded for citizens, first one most relevant (shallowest)."""
        errors = sorted(self._validator(schema).iter_errors(instance), key=lambda e: (len(e.path), str(e.path)))
        return [_word(error) for error in errors]
