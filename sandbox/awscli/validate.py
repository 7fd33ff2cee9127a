"""The checks botocore makes on the client before a request is sent ("Parameter validation
failed"): required members, unknown members, Python types, and minimum lengths and
values from the service model. All problems are reported together, one per line, and the
command stops with exit status 252 without calling the service.

Names follow botocore: ``UserName``, ``ActionNames[0]``, ``Tags[1].Key``; the top level
is ``input``. botocore checks only minimums (``min``) client-side; maximums, patterns and
enumerations are the service's to check.
"""

from __future__ import annotations

from sandbox.awscli import spec

_TYPES = {
    spec.STRING: ("<class 'str'>", (str,)),
    spec.JSON_DOC: ("<class 'str'>", (str,)),
    spec.INTEGER: ("<class 'int'>", (int,)),
    spec.BOOLEAN: ("<class 'bool'>", (bool,)),
    spec.LIST: ("<class 'list'>, <class 'tuple'>", (list, tuple)),
    spec.STRUCTURE: ("<class 'dict'>", (dict,)),
    spec.STRUCTURE_LIST: ("<class 'list'>, <class 'tuple'>", (list, tuple)),
    spec.MAP: ("<class 'dict'>", (dict,)),
}


class ParamValidationError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("Parameter validation failed:\n" + "\n".join(problems))


def _type_problem(name: str, value, kind: str) -> str | None:
    if kind not in _TYPES:
        return None  # a kind of parameter this check does not know: left to the service
    valid, types = _TYPES[kind]
    if isinstance(value, types):
        return None
    return f"Invalid type for parameter {name}, value: {value}, type: {type(value)}, valid types: {valid}"


class _Checker:
    def __init__(self, service: spec.Service):
        self.minimums = service.minimums
        self.required_members = service.required_members
        self.problems: list[str] = []

    def scalar(self, name: str, value, kind: str, minimum: int | None) -> None:
        if kind == spec.JSON_DOC and isinstance(value, (dict, list)):
            return  # a policy given as an object inside --cli-input-json: sent as JSON text
        problem = _type_problem(name, value, kind)
        if problem:
            self.problems.append(problem)
        elif minimum is not None and kind in (spec.STRING, spec.JSON_DOC) and len(value) < minimum:
            self.problems.append(f"Invalid length for parameter {name}, value: {len(value)}, "
                                 f"valid min length: {minimum}")
        elif minimum is not None and kind == spec.INTEGER and value < minimum:
            self.problems.append(f"Invalid value for parameter {name}, value: {value}, valid min value: {minimum}")

    def structure(self, name: str, value, param: spec.Param) -> None:
        problem = _type_problem(name, value, spec.STRUCTURE)
        if problem:
            self.problems.append(problem)
            return
        for member in self.required_members.get(param.api, ()):
            if member not in value:
                self.problems.append(f'Missing required parameter in {name}: "{member}"')
        if param.members:
            for key in value:
                if key not in param.members:
                    self.problems.append(f'Unknown parameter in {name}: "{key}", must be one of: '
                                         f"{', '.join(param.members)}")
        for key, item in value.items():
            kind = param.members.get(key)
            if kind is None:
                continue
            minimum = self.minimums.get(f"{param.api}.{key}")
            if kind == spec.LIST:
                # the spec does not say what a nested list holds (strings, or tags): only its type
                problem = _type_problem(f"{name}.{key}", item, spec.LIST)
                if problem:
                    self.problems.append(problem)
            else:
                self.scalar(f"{name}.{key}", item, kind, minimum)

    def string_list(self, name: str, value, minimum: int | None) -> None:
        problem = _type_problem(name, value, spec.LIST)
        if problem:
            self.problems.append(problem)
            return
        for i, item in enumerate(value):
            self.scalar(f"{name}[{i}]", item, spec.STRING, minimum)

    def param(self, param: spec.Param, value) -> None:
        name, kind = param.api, param.type
        minimum = param.min if param.min is not None else self.minimums.get(param.api)
        if kind == spec.BLOB:
            return
        if kind == spec.LIST:
            self.string_list(name, value, minimum)
        elif kind == spec.STRUCTURE:
            self.structure(name, value, param)
        elif kind == spec.STRUCTURE_LIST:
            problem = _type_problem(name, value, kind)
            if problem:
                self.problems.append(problem)
                return
            for i, item in enumerate(value):
                self.structure(f"{name}[{i}]", item, param)
        elif kind == spec.MAP:
            problem = _type_problem(name, value, kind)
            if problem:
                self.problems.append(problem)
        else:
            self.scalar(name, value, kind, minimum)


def check(service: spec.Service, operation: spec.Operation, params: dict) -> None:
    """Raise ``ParamValidationError`` listing every problem with ``params`` (API names)."""
    checker = _Checker(service)
    problems = checker.problems
    members = [p for p in operation.params if p.to_params is None]  # API members (not CLI-only arguments)
    for p in members:
        if p.required and p.api not in params:
            problems.append(f'Missing required parameter in input: "{p.api}"')
    names = [p.api for p in members] + list(operation.input_only)
    for key in params:
        if key not in names and key not in operation.positional:
            problems.append(f'Unknown parameter in input: "{key}", must be one of: {", ".join(names)}')
    for p in members:
        if p.api in params:
            checker.param(p, params[p.api])
    if problems:
        raise ParamValidationError(problems)
