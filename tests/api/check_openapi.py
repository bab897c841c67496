#!/usr/bin/python3
"""Checks recorded HTTP responses against an OpenAPI 3.1 document.

Usage: check_openapi.py SPEC.yaml RESPONSES.jsonl

Each line of RESPONSES.jsonl is one response:
  {"method": "GET", "target": "/api/v1/changes?limit=5", "status": 200,
   "headers": {"content-type": "application/json", ...}, "body": "<raw body text>"}
(header names in lower case). For each, the path template matching the target's
path ("{param}" matches one segment; literal segments win), the operation of the
method, and the response of the status are looked up; the status must be
documented. A non-empty body must have a documented media type; a JSON body is
validated against its schema (Draft 2020-12, "$ref" into the document). Headers
documented with "required: true" must be present, and documented headers must
match their schemas. A method a path does not have must be answered 405 with an
Allow header naming exactly the path's methods. A target matching no path is
checked against the document's "x-unknown-path-responses" (status -> Response),
when it has them.

The document itself is checked first: OpenAPI version, paths and operations,
responses, path parameters, every "$ref" resolving, every schema a valid
Draft 2020-12 schema.

Prints one line per failure; exits 1 if there is any (or no response at all),
0 otherwise. Needs only Debian's python3-jsonschema and python3-yaml.
"""

import json
import re
import sys

import jsonschema
import yaml

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class Failures:
    def __init__(self):
        self.count = 0

    def add(self, text):
        self.count += 1
        print(text)


# ---------------------------------------------------------------------------
# The document


def pointer_get(document, ref):
    """The value a local "$ref" ("#/a/b") points to, or raises KeyError."""
    if not ref.startswith("#"):
        raise KeyError(f"{ref}: only references within the document are allowed")
    node = document
    fragment = ref[1:]
    if fragment in ("", "/"):
        return document
    if not fragment.startswith("/"):
        raise KeyError(f"{ref}: not a JSON pointer")
    for raw in fragment[1:].split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise KeyError(f"{ref}: no {part!r}")
    return node


def deref(document, node, seen=None):
    """Follows a chain of Reference Objects to the object they name."""
    seen = seen or set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if ref in seen:
            raise KeyError(f"{ref}: a reference cycle")
        seen.add(ref)
        node = pointer_get(document, ref)
    return node


def walk_refs(node, where, out):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                out.append((where, value))
            else:
                walk_refs(value, f"{where}/{key}", out)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            walk_refs(value, f"{where}/{i}", out)


def media_schemas(document, response):
    for media in (response.get("content") or {}).values():
        if isinstance(media, dict) and "schema" in media:
            yield media["schema"]


def check_document(document, failures, spec_name):
    """Structural sanity of the OpenAPI document itself."""

    def bad(text):
        failures.add(f"{spec_name}: {text}")

    if not isinstance(document, dict):
        bad("not a mapping")
        return False
    version = document.get("openapi")
    if not isinstance(version, str) or not re.fullmatch(r"3\.1\.\d+", version):
        bad(f"openapi must be 3.1.x, not {version!r}")
    info = document.get("info")
    if not isinstance(info, dict) or not isinstance(info.get("title"), str) or not isinstance(info.get("version"), str):
        bad("info must have a title and a version (strings)")
    paths = document.get("paths")
    if not isinstance(paths, dict) or not paths:
        bad("paths must be a non-empty mapping")
        return False

    refs = []
    walk_refs(document, "#", refs)
    unresolved = 0
    for where, ref in refs:
        try:
            pointer_get(document, ref)
        except KeyError as e:
            unresolved += 1
            bad(f"{where}: $ref does not resolve: {e}")
    if unresolved:
        return False

    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    operation_ids = set()
    for template, item in paths.items():
        if not template.startswith("/"):
            bad(f"path {template!r} must start with /")
        if not isinstance(item, dict):
            bad(f"{template}: not a mapping")
            continue
        names = re.findall(r"\{([^}/]+)\}", template)
        operations = {m: op for m, op in item.items() if m in HTTP_METHODS}
        if not operations:
            bad(f"{template}: no operation")
        for method, op in operations.items():
            label = f"{method.upper()} {template}"
            if not isinstance(op, dict):
                bad(f"{label}: not a mapping")
                continue
            if "operationId" in op:
                if op["operationId"] in operation_ids:
                    bad(f"{label}: operationId {op['operationId']} is not unique")
                operation_ids.add(op["operationId"])
            declared = {}
            for p in list(item.get("parameters") or []) + list(op.get("parameters") or []):
                p = deref(document, p)
                if not isinstance(p, dict) or "name" not in p or p.get("in") not in ("path", "query", "header", "cookie"):
                    bad(f"{label}: a parameter needs name and in (path, query, header, cookie)")
                    continue
                if p["in"] == "path":
                    declared[p["name"]] = p
                    if p.get("required") is not True:
                        bad(f"{label}: path parameter {p['name']} must be required: true")
            for name in names:
                if name not in declared:
                    bad(f"{label}: path parameter {{{name}}} is not declared")
            for name in declared:
                if name not in names:
                    bad(f"{label}: path parameter {name} is not in the path")
            responses = op.get("responses")
            if not isinstance(responses, dict) or not responses:
                bad(f"{label}: no responses")
                continue
            for status, response in responses.items():
                if not re.fullmatch(r"[1-5](\d\d|XX)|default", str(status)):
                    bad(f"{label}: response key {status!r} is not a status")
                response = deref(document, response)
                if not isinstance(response, dict) or not isinstance(response.get("description"), str):
                    bad(f"{label} {status}: a response needs a description")
                    continue
                for name, header in (response.get("headers") or {}).items():
                    header = deref(document, header)
                    if not isinstance(header, dict) or "schema" not in header:
                        bad(f"{label} {status}: header {name} needs a schema")
            for requirement in op.get("security", document.get("security", [])) or []:
                for scheme in requirement:
                    if scheme not in schemes:
                        bad(f"{label}: security scheme {scheme!r} is not in components.securitySchemes")

    # Every schema must be a valid Draft 2020-12 schema.
    meta = jsonschema.Draft202012Validator
    for name, schema in ((document.get("components") or {}).get("schemas") or {}).items():
        try:
            meta.check_schema(schema)
        except jsonschema.exceptions.SchemaError as e:
            bad(f"#/components/schemas/{name}: not a valid schema: {e.message}")
    return True


# ---------------------------------------------------------------------------
# Matching a response


def split_path(target):
    path = target.split("?", 1)[0].split("#", 1)[0]
    return path.split("/")


def match_path(paths, target):
    """The template matching the target's path; literal segments win over {params}."""
    segments = split_path(target)
    best = None
    for template in paths:
        parts = template.split("/")
        if len(parts) != len(segments):
            continue
        literal = 0
        for pattern, segment in zip(parts, segments):
            if re.fullmatch(r"\{[^}/]+\}", pattern):
                if segment == "":
                    break
            elif pattern == segment:
                literal += 1
            else:
                break
        else:
            if best is None or literal > best[0]:
                best = (literal, template)
    return best[1] if best else None


def essence(media_type):
    return media_type.split(";", 1)[0].strip().lower()


def media_parameters(media_type):
    out = {}
    for part in media_type.split(";")[1:]:
        name, _, value = part.partition("=")
        out[name.strip().lower()] = value.strip().strip('"').lower()
    return out


def media_matches(documented, actual):
    """The actual type is the documented one (or within its range), with every parameter it names."""
    d, a = essence(documented), essence(actual)
    if not (d == a or d == "*/*" or (d.endswith("/*") and a.split("/", 1)[0] == d.split("/", 1)[0])):
        return False
    wanted, got = media_parameters(documented), media_parameters(actual)
    return all(got.get(name) == value for name, value in wanted.items())


def is_json(media_type):
    e = essence(media_type)
    return e == "application/json" or e.endswith("+json")


def header_value(schema, text):
    """A header's text as the type its schema names."""
    kind = schema.get("type") if isinstance(schema, dict) else None
    if kind == "integer":
        if not re.fullmatch(r"-?\d+", text.strip()):
            raise ValueError(f"{text!r} is not an integer")
        return int(text)
    if kind == "number":
        return float(text)
    return text


def error_path(error):
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    return "$" + path


def best_errors(errors):
    """The most useful messages of a validation: the deepest errors inside oneOf/anyOf."""
    out = []
    for error in errors:
        if error.context:
            deepest = max(error.context, key=lambda e: len(e.absolute_path))
            out.append(deepest)
        else:
            out.append(error)
    return out


def main(argv):
    if len(argv) != 3:
        print("usage: check_openapi.py SPEC.yaml RESPONSES.jsonl", file=sys.stderr)
        return 2
    spec_name, responses_name = argv[1], argv[2]
    failures = Failures()
    try:
        with open(spec_name, encoding="utf-8") as f:
            document = yaml.safe_load(f)
    except (OSError, yaml.YAMLError) as e:
        print(f"{spec_name}: cannot read: {e}")
        return 1
    if not check_document(document, failures, spec_name):
        print(f"{spec_name}: the document has {failures.count} problems; no response checked")
        return 1

    resolver = jsonschema.RefResolver(base_uri="", referrer=document)
    validators = {}

    def validator_for(schema):
        key = id(schema)
        if key not in validators:
            validators[key] = jsonschema.Draft202012Validator(schema, resolver=resolver)
        return validators[key]

    try:
        with open(responses_name, encoding="utf-8") as f:
            lines = [line for line in f if line.strip()]
    except OSError as e:
        print(f"{responses_name}: cannot read: {e}")
        return 1
    if not lines:
        print(f"{responses_name}: no responses to check")
        return 1

    paths = document["paths"]
    operations_seen = set()
    statuses_seen = set()
    checked = 0
    for number, line in enumerate(lines, 1):
        try:
            record = json.loads(line)
            method = str(record["method"]).upper()
            target = str(record["target"])
            status = int(record["status"])
            headers = {str(k).lower(): str(v) for k, v in (record.get("headers") or {}).items()}
            body = record.get("body") or ""
        except (ValueError, KeyError, TypeError) as e:
            failures.add(f"{responses_name}:{number}: not a response record: {e}")
            continue
        checked += 1
        where = f"{method} {target} {status}"
        if len(where) > 200:
            where = where[:150] + "..." + where[-40:]

        def fail(text):
            failures.add(f"{where}: {text}")

        template = match_path(paths, target)
        if template is None:
            # The answer to any other path, when the document names one.
            unknown = document.get("x-unknown-path-responses") or {}
            if str(status) not in unknown:
                fail("no path of the document matches" + (f" (and {status} is not in x-unknown-path-responses)" if unknown else ""))
                continue
            response = deref(document, unknown[str(status)])
            statuses_seen.add(("(unknown path)", status))
            check_response(document, response, method, status, headers, body, fail, validator_for)
            continue
        item = paths[template]
        op = item.get(method.lower())
        # HEAD is answered wherever GET is (docs/api.md), with GET's headers and no body.
        if op is None and method == "HEAD" and "get" in item:
            op = item["get"]
        documented_methods = sorted({m.upper() for m in item if m in HTTP_METHODS} |
                                    ({"HEAD"} if "get" in item else set()))
        if op is None:
            # Another method on a known path: 405 with Allow, as any operation documents it.
            response = None
            for other in (item[m] for m in item if m in HTTP_METHODS):
                if "405" in (other.get("responses") or {}):
                    response = deref(document, other["responses"]["405"])
                    break
            if status != 405 or response is None:
                fail(f"{template} has no {method} operation (it has {', '.join(documented_methods)})")
                continue
            allow = sorted(m.strip().upper() for m in headers.get("allow", "").split(",") if m.strip())
            if allow != documented_methods:
                fail(f"header Allow: {headers.get('allow')!r} does not name the path's methods {', '.join(documented_methods)}")
            statuses_seen.add((f"{template} (other methods)", status))
        else:
            op_key = f"{method} {template}"
            responses = op.get("responses") or {}
            key = str(status)
            if key not in responses:
                key = f"{key[0]}XX" if f"{key[0]}XX" in responses else "default"
            if key not in responses:
                fail(f"status {status} is not documented for {method} {template}")
                continue
            response = deref(document, responses[key])
            if status == 405:
                allow = sorted(m.strip().upper() for m in headers.get("allow", "").split(",") if m.strip())
                if allow != documented_methods:
                    fail(f"header Allow: {headers.get('allow')!r} does not name the path's methods {', '.join(documented_methods)}")
            operations_seen.add(op_key)
            statuses_seen.add((op_key, status))
        check_response(document, response, method, status, headers, body, fail, validator_for)

    all_operations = sum(1 for item in paths.values() for m in item if m in HTTP_METHODS)
    all_statuses = sum(len(item[m].get("responses") or {}) for item in paths.values() for m in item if m in HTTP_METHODS)
    print(f"{checked} responses checked against {spec_name}: {len(operations_seen)} operations, "
          f"{len(statuses_seen)} statuses (the document has {all_operations} operations, {all_statuses} statuses)")
    if failures.count:
        print(f"{failures.count} failures")
        return 1
    return 0


def check_response(document, response, method, status, headers, body, fail, validator_for):
    """The headers and content of one response against its Response Object."""
    # Headers.
    for name, header in (response.get("headers") or {}).items():
        header = deref(document, header)
        value = headers.get(name.lower())
        if value is None:
            if header.get("required") is True:
                fail(f"header {name}: required, missing")
            continue
        schema = header.get("schema")
        if schema is None:
            continue
        try:
            typed = header_value(deref(document, schema), value)
        except ValueError as e:
            fail(f"header {name}: {e}")
            continue
        for error in best_errors(validator_for(schema).iter_errors(typed)):
            fail(f"header {name}: {error.message}")

    # Content.
    content = response.get("content") or {}
    if body == "":
        if content and method != "HEAD" and any(is_json(m) for m in content) and status not in (204, 304):
            fail("empty body; documented: " + ", ".join(content))
        return
    if not content:
        fail(f"a body of {len(body)} characters, but none is documented")
        return
    actual_type = headers.get("content-type")
    if actual_type is None:
        fail("a body without Content-Type")
        return
    media = next((content[m] for m in content if media_matches(m, actual_type)), None)
    if media is None:
        fail(f"Content-Type {actual_type!r} is not documented (documented: {', '.join(content)})")
        return
    schema = (media or {}).get("schema")
    if not is_json(actual_type):
        return
    try:
        instance = json.loads(body)
    except ValueError as e:
        fail(f"the body is not JSON: {e}")
        return
    if schema is None:
        return
    errors = sorted(best_errors(validator_for(schema).iter_errors(instance)), key=lambda e: list(map(str, e.absolute_path)))
    for error in errors:
        fail(f"{error_path(error)}: {error.message[:300]}")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
