"""The service models the ``aws`` program reads: the subset of botocore's models that
``tools/gen_cli_models.py`` generates into ``models/SERVICE.json``.

A model is read on first use and kept: an ``aws sts ...`` command reads only ``sts.json``.
``Shape`` is a light view of one shape (type, members, required members, enumeration,
minimum, list member, map key and value), named as botocore names them, so that the
parser, the validation, the skeletons and the help read the model as awscli does.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

_MODELS = Path(__file__).resolve().parent / "models"


class Shape:
    __slots__ = ("name", "model", "data", "doc")

    def __init__(self, model: ServiceModel, name: str, doc: str = ""):
        self.model = model
        self.name = name
        self.data = model.shapes[name]
        self.doc = doc  # the documentation overview of the member this shape is reached through

    @property
    def type_name(self) -> str:
        return self.data["type"]

    @property
    def members(self) -> dict[str, Shape]:
        docs = self.model.docs.get(self.name, {})
        return {member: Shape(self.model, target, docs.get(member, ""))
                for member, target in self.data.get("members", {}).items()}

    @property
    def required_members(self) -> list[str]:
        return self.data.get("required", [])

    @property
    def idempotency_tokens(self) -> list[str]:
        return self.data.get("tokens", [])

    @property
    def member(self) -> Shape:
        return Shape(self.model, self.data["member"])

    @property
    def key(self) -> Shape:
        return Shape(self.model, self.data["key"])

    @property
    def value(self) -> Shape:
        return Shape(self.model, self.data["value"])

    @property
    def enum(self) -> list[str]:
        return self.data.get("enum", [])

    @property
    def min(self) -> int | None:
        return self.data.get("min")

    @property
    def streaming(self) -> bool:
        return bool(self.data.get("streaming"))

    @property
    def is_document(self) -> bool:
        return bool(self.data.get("document"))


class OperationModel:
    __slots__ = ("model", "name", "data")

    def __init__(self, model: ServiceModel, name: str):
        self.model = model
        self.name = name
        self.data = model.operations[name]

    @property
    def summary(self) -> str:
        return self.data.get("summary", "")

    @property
    def input_shape(self) -> Shape | None:
        name = self.data.get("input")
        return Shape(self.model, name) if name else None

    @property
    def output_shape(self) -> Shape | None:
        name = self.data.get("output")
        return Shape(self.model, name) if name else None

    @property
    def paginator(self) -> dict | None:
        """botocore's paginator: input_token, output_token, result_key (lists), more_results,
        limit_key, non_aggregate_keys."""
        return self.data.get("paginator")

    @property
    def errors(self) -> dict[str, dict]:
        """Error shape name -> {"code", "status", "sender"}."""
        return {name: self.model.errors[name] for name in self.data.get("errors", ())}


class ServiceModel:
    def __init__(self, data: dict):
        self.name: str = data["service"]
        self.title: str = data["title"]
        self.operations: dict[str, dict] = data["operations"]
        self.shapes: dict[str, dict] = data["shapes"]
        self.docs: dict[str, dict[str, str]] = data["docs"]
        self.errors: dict[str, dict] = data["errors"]

    def operation_model(self, name: str) -> OperationModel:
        return OperationModel(self, name)

    def shape(self, name: str) -> Shape:
        return Shape(self, name)


@cache
def load(service: str) -> ServiceModel:
    """The model of ``service`` (botocore's name: ``s3``, ``cognito-idp``)."""
    with open(_MODELS / f"{service}.json", encoding="utf-8") as f:
        return ServiceModel(json.load(f))


def available() -> list[str]:
    return sorted(p.stem for p in _MODELS.glob("*.json"))
