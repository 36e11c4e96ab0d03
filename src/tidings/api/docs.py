"""The API's docs page: plain HTML from the OpenAPI document, with nothing from a CDN."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

HTTP_METHODS = ("get", "post", "put", "patch", "delete")


class PlainDocs(DocsBase):
    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        schema = api.get_openapi_schema(path_params=kwargs)
        context = {
            "title": schema["info"]["title"],
            "version": schema["info"]["version"],
            "description": schema["info"].get("description", ""),
            "openapi_url": self.get_openapi_url(api, kwargs),
            "operations": operations(schema),
        }
        return render(request, "api/docs.html", context)


def operations(schema: dict) -> list[dict]:
    """Each endpoint with its parameters and answers, in the document's order."""
    found = []
    for path, methods in schema["paths"].items():
        for method in HTTP_METHODS:
            operation = methods.get(method)
            if operation is None:
                continue
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "parameters": [parameter(each) for each in operation.get("parameters", [])],
                    "responses": sorted(operation.get("responses", {})),
                }
            )
    return found


def parameter(spec: dict) -> dict:
    schema = spec.get("schema", {})
    options = [option for option in schema.get("anyOf", [schema]) if option.get("type") != "null"]
    kind = " or ".join(option.get("format") or option.get("type", "string") for option in options)
    return {
        "name": spec["name"],
        "where": spec.get("in", "query"),
        "required": spec.get("required", False),
        "type": kind or "string",
        "description": spec.get("description") or schema.get("description", ""),
    }
