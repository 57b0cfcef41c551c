"""The published schema, read by real clients in Python and JavaScript, agrees with the loader.

The JavaScript clients (ajv and json-schema-to-typescript) run under Node; the
Python ones are datamodel-code-generator (the ``schema-clients`` dependency
group) and hypothesis-jsonschema.  A test whose client is missing is skipped,
saying what to install, unless ``DIME_REQUIRE_SCHEMA_CLIENTS`` is set, as in
continuous integration, where a missing client is a failure.
"""

from __future__ import annotations

import ast
import copy
import importlib.util
import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings

import dime
from dime.exceptions import DimeError
from schema_generation import from_schema

SCHEMA_FILE = Path(dime.__file__).parent / "schema" / "dime-2.schema.json"
SCHEMA = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)
NODE_PACKAGES = "ajv@8 ajv-formats@3 json-schema-to-typescript@16"

# What the schema cannot say, as docs/format.md lists it: a document the schema
# accepts may still be refused for these, and for nothing else.
BEYOND_THE_SCHEMA = re.compile(
    r"duplicate (id|name) "
    r"|, which is not in "
    r"|is before started "
    r"|is active but has no started day"
    r"|beyond the calendar "
    r"|digits"
    r"|nests more than "
    r"|lone surrogate"
    r"|nor in scales"
    r"|is a built-in scale"
    r"|is not on the .* scale"
    r"|is below minimum"
    r"|has no measure "
    r"|has two measures named "
    r"|score's bounds"
    r"|is a count, so "
    r"|does not have \(its measures"
    r"|but no owner"
    r"|is better, but on the "
)


def missing(what: str, install: str) -> None:
    """Skip (or, where the clients are required, fail) for want of a client."""
    message = f"needs {what}: {install}"
    if os.environ.get("DIME_REQUIRE_SCHEMA_CLIENTS"):
        pytest.fail(message)
    pytest.skip(message)


def node(script: str, data: object) -> Any:
    """Run a Node script that reads JSON on stdin and prints JSON; skip if Node or a package is missing."""
    install = (
        f"install Node, then `npm install --prefix DIR {NODE_PACKAGES}` "
        "and set NODE_PATH=DIR/node_modules"
    )
    if shutil.which("node") is None:
        missing("Node", install)
    result = subprocess.run(
        ["node", "-e", script],  # noqa: S607 - node from the PATH, as a developer runs it
        input=json.dumps(data),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if "Cannot find module" in result.stderr:
        missing("the npm packages " + NODE_PACKAGES, install)
    assert 0 == result.returncode, result.stderr
    return json.loads(result.stdout)


def loads_problems(document: object) -> list[str] | None:
    """The problems loads finds in a document, or None if it reads it."""
    try:
        dime.loads(json.dumps(document))
    except DimeError as err:
        return [str(p) for p in getattr(err, "problems", ())] or [str(err)]
    return None


def documents(count: int, seed: int) -> list[object]:
    """Documents near the format: valid ones, and ones with one value or key changed."""
    rng = random.Random(seed)  # noqa: S311 - seeded: the same near misses every run
    base = json.loads(dime.dumps(dime.example()))
    base["framework"]["feedback"] = base["framework"]["feedback"][:40]
    strange: list[object] = [
        None, True, 0, -1, 5.0, 2.5, 1e308, "", " ", "\x1c", "x", "gift", "listening", "D",
        "2026-03-01", "2026-03-01T09:30:00", "2026-03-01T09:30:00+01:00", "2026-02-30T09:30:00Z",
        "2026-03-01t09:30:00z", "2026-03-01T09:30:00.1234567Z", "0000-01-01T00:00:00Z", [], {},
        ["D", "D"], ["X"], {"pillar": "D"}, {"pillar": "D", "layer": "review", "x": 1},
    ]  # fmt: skip
    out: list[object] = [base]
    for _ in range(count):
        doc = copy.deepcopy(base)
        parent: Any = doc
        path: list[Any] = []
        while isinstance(parent, (dict, list)) and parent and rng.random() < 0.8:
            key = rng.choice(sorted(parent) if isinstance(parent, dict) else range(len(parent)))
            if not isinstance(parent[key], (dict, list)) or rng.random() < 0.2:
                break
            path.append(key)
            parent = parent[key]
        if isinstance(parent, dict) and rng.random() < 0.3:
            if parent and rng.random() < 0.5:
                del parent[rng.choice(sorted(parent))]
            else:
                parent["extra"] = 1
        elif isinstance(parent, dict) and parent:
            parent[rng.choice(sorted(parent))] = rng.choice(strange)
        elif isinstance(parent, list) and parent:
            parent[rng.randrange(len(parent))] = rng.choice(strange)
        out.append(doc)
    return out


class TestAgreement:
    def test_the_loader_accepts_what_the_schema_accepts(self) -> None:
        """Near-miss documents: loads reads exactly those the schema accepts, up to what it cannot say."""
        for document in documents(400, seed=1):
            problems = loads_problems(document)
            if not VALIDATOR.is_valid(document):
                assert problems is not None, document
            else:
                assert all(BEYOND_THE_SCHEMA.search(p) for p in problems or []), problems

    def test_every_written_document_is_valid(self) -> None:
        """What dumps writes validates, formats included."""
        fw = dime.example()
        for indent in (None, 2):
            VALIDATOR.validate(json.loads(dime.dumps(fw, indent=indent)))


def _generating_schema() -> dict[str, Any]:
    """The schema as hypothesis-jsonschema can generate from it.

    It resolves references inside the document only without an ``$id`` and
    cannot follow the recursive JSONValue; metadata is generated one level deep.
    """
    schema: dict[str, Any] = copy.deepcopy(SCHEMA)
    del schema["$id"]
    leaf = {"type": ["null", "boolean", "number", "string"]}
    schema["$defs"]["JSONValue"] = {
        "anyOf": [
            leaf,
            {"type": "array", "items": leaf},
            {"type": "object", "additionalProperties": leaf},
        ]
    }
    return schema


class TestGeneratedFromTheSchema:
    def test_documents_the_schema_generates(self) -> None:
        """Documents generated from the schema are read, or refused only for what it cannot say."""

        @settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
        @given(from_schema(_generating_schema()))
        def check(document: dict[str, Any]) -> None:
            problems = loads_problems(document)
            if VALIDATOR.is_valid(document):
                assert all(BEYOND_THE_SCHEMA.search(p) for p in problems or []), problems
            else:
                assert problems is not None

        check()


AJV = """
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const { schema, documents } = JSON.parse(input);
  const ajv = new Ajv2020({ strict: true });  // strict is the default; said here so it stays
  addFormats(ajv);
  const validate = ajv.compile(schema);
  process.stdout.write(JSON.stringify(documents.map((d) => validate(d))));
});
"""

TYPESCRIPT = """
const { compile } = require("json-schema-to-typescript");
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  compile(JSON.parse(input), "DimeDocument", { bannerComment: "", additionalProperties: false })
    .then((ts) => process.stdout.write(JSON.stringify(ts)));
});
"""


class TestJavaScriptClients:
    def test_ajv_compiles_in_strict_mode_and_agrees(self) -> None:
        """ajv compiles the schema in strict mode and judges documents as the Python validator does."""
        docs = documents(300, seed=2)
        verdicts = node(AJV, {"schema": SCHEMA, "documents": docs})
        assert [VALIDATOR.is_valid(d) for d in docs] == verdicts

    def test_typescript_types_are_named_once(self) -> None:
        """json-schema-to-typescript names every record and enum once, and numbers none of them."""
        ts: str = node(TYPESCRIPT, SCHEMA)
        names = re.findall(r"^export (?:type|interface) (\w+)", ts, re.MULTILINE)
        assert len(names) == len(set(names))
        assert not [n for n in names if re.search(r"\d$", n)]
        for name in (
            "Pillar",
            "Layer",
            "Channel",
            "FeedbackFolder",
            "Framework",
            "Area",
            "Feedback",
        ):
            assert name in names
        assert re.search(r'^export type Pillar = "D" \| "I" \| "M" \| "E";$', ts, re.MULTILINE)
        assert re.search(r"folder\?: FeedbackFolder \| null;", ts)


class TestPythonClients:
    def test_datamodel_code_generator(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """datamodel-code-generator makes enums without a None member, and models that read a document."""
        if importlib.util.find_spec("datamodel_code_generator") is None:
            missing(
                "datamodel-code-generator",
                "python -m pip install --group schema-clients (see pyproject.toml)",
            )
        output = tmp_path / "dime_models.py"
        subprocess.run(
            [
                sys.executable, "-m", "datamodel_code_generator",
                "--input", str(SCHEMA_FILE), "--input-file-type", "jsonschema",
                "--output", str(output), "--output-model-type", "pydantic_v2.BaseModel",
                "--use-title-as-name", "--disable-timestamp",
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip
        source = output.read_text(encoding="utf-8")
        enums = {
            node.name: [
                target.id
                for statement in node.body
                if isinstance(statement, ast.Assign)
                for target in statement.targets
                if isinstance(target, ast.Name)
            ]
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.ClassDef)
            and any(getattr(base, "id", "") == "Enum" for base in node.bases)
        }
        for name in ("Pillar", "Layer", "Channel", "FeedbackFolder", "Mindset", "Stage"):
            assert name in enums
        assert not [m for members in enums.values() for m in members if "none" in m.lower()]
        spec = importlib.util.spec_from_file_location("dime_models", output)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        monkeypatch.setitem(sys.modules, "dime_models", module)  # pydantic resolves names there
        spec.loader.exec_module(module)
        document = module.DimeDocument.model_validate_json(dime.dumps(dime.example()))
        assert 3200 == len(document.framework.feedback)
