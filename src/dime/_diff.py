"""What changed between two states of a framework: its records, its attention, its findings.

Records are matched by their key (a department by its name, the others by
their id); responsibilities and assessments have none and are matched by
their whole value, so that a change to one shows as one removed and one
added.  Two values are the same when their canonical JSON is (see
:mod:`dime._digest`): a moment moved to another UTC offset is a change,
``1`` and ``1.0`` are not, and sets are compared as sets.  Findings are
matched by what they are about (their :class:`~dime.FindingRef`: code, area,
pillar, layer, subject), never by their message.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from datetime import datetime
from typing import Any, Final

import attrs

from dime._balance import Attention, Finding, FindingRef, Policy, Report, Severity, check
from dime._digest import (
    canonical_json,
    digests,
    kinds,
    plain,
    record_same,
    record_text,
)
from dime._fields import key_of
from dime._files import load
from dime._framework import AREAS, Area
from dime._model import Framework
from dime._problems import got
from dime._serialization import to_dict
from dime.exceptions import ConflictError, InvalidFieldError, Problem

__all__ = [
    "DIFF_SCHEMA_ID",
    "DIFF_VERSION",
    "AttentionChange",
    "Baseline",
    "Diff",
    "Digests",
    "FieldChange",
    "RecordChange",
    "compare_findings",
    "diff",
    "diff_between",
    "kind_of",
    "read_framework",
    "record_key",
]

#: The version of the diff document (``Diff.to_data``, ``dime diff --format json``).
DIFF_VERSION: Final = 1
#: The diff schema's identifier.
DIFF_SCHEMA_ID: Final = f"urn:dime:schema:diff:{DIFF_VERSION}"


def _same_value(a: object, b: object) -> bool:
    return a is b or canonical_json(plain(a)) == canonical_json(plain(b))


@attrs.frozen(kw_only=True)
class FieldChange:
    """One field whose value differs between the two states.

    >>> import dime
    >>> c = dime.FieldChange(field="pillars", old=frozenset({dime.Pillar.D}),
    ...                      new=frozenset({dime.Pillar.D, dime.Pillar.M}))
    >>> c.added, c.removed
    (frozenset({Pillar.M}), frozenset())
    """

    #: The field's name.
    field: str
    #: Its value in the old state.
    old: Any = attrs.field(hash=False)
    #: Its value in the new state.
    new: Any = attrs.field(hash=False)

    @property
    def added(self) -> frozenset[Any] | None:
        """For a set: the members only the new value has; None for other values."""
        if isinstance(self.old, frozenset) and isinstance(self.new, frozenset):
            return self.new - self.old
        return None

    @property
    def removed(self) -> frozenset[Any] | None:
        """For a set: the members only the old value has; None for other values."""
        if isinstance(self.old, frozenset) and isinstance(self.new, frozenset):
            return self.old - self.new
        return None

    def to_data(self) -> dict[str, Any]:
        """The change as JSON data, values as the document writes them."""
        data: dict[str, Any] = {"field": self.field, "old": plain(self.old), "new": plain(self.new)}
        added, removed = self.added, self.removed
        if added is not None and removed is not None:
            data["added"] = plain(added)
            data["removed"] = plain(removed)
        return data


def _field_changes(old: Any, new: Any) -> tuple[FieldChange, ...]:  # noqa: ANN401 - any record
    return tuple(
        FieldChange(field=f.name, old=getattr(old, f.name), new=getattr(new, f.name))
        for f in attrs.fields(type(old))
        if f.init and not _same_value(getattr(old, f.name), getattr(new, f.name))
    )


@attrs.frozen(kw_only=True)
class RecordChange:
    """A record kept under the same key whose fields changed."""

    #: The framework's field holding records of its kind (``"feedback"``, ...).
    kind: str
    #: Its key: its id (a department's name).
    key: str
    #: The record in the old state.
    old: Any = attrs.field(hash=False)
    #: The record in the new state.
    new: Any = attrs.field(hash=False)
    #: The fields that changed, in the order the record declares them.
    fields: tuple[FieldChange, ...]

    def to_data(self) -> dict[str, Any]:
        """The change as JSON data."""
        return {
            "kind": self.kind,
            "key": self.key,
            "fields": [c.to_data() for c in self.fields],
        }


@attrs.frozen(kw_only=True)
class AttentionChange:
    """An area whose attention changed: its status or its share of its layer."""

    #: The area.
    area: Area
    #: Its attention in the old state.
    old: Attention
    #: Its attention in the new state.
    new: Attention

    @property
    def change(self) -> float:
        """How much its share of its layer grew (negative: fell)."""
        return self.new.share - self.old.share

    def to_data(self) -> dict[str, Any]:
        """The change as JSON data."""
        return {
            "pillar": self.area.pillar.value,
            "layer": self.area.layer.value,
            **{
                side: {"status": att.status.value, "share": att.share, "amount": att.amount}
                for side, att in (("old", self.old), ("new", self.new))
            },
        }


def kind_of(record: object) -> str:
    return _FIELD_OF[type(record)]


_FIELD_OF: Final = {cls: name for name, cls in kinds().items()}


def record_key(record: object) -> str | None:
    key = key_of(type(record))
    return None if key is None else str(getattr(record, key))


def _record_data(record: object) -> dict[str, Any]:
    return {
        "kind": kind_of(record),
        "key": record_key(record),
        "record": to_dict(record),  # type: ignore[arg-type]
    }


def compare_findings(
    old: Sequence[Finding], new: Sequence[Finding]
) -> tuple[tuple[Finding, ...], tuple[Finding, ...], tuple[Finding, ...]]:
    """The findings that appeared, were resolved and persist, matched by what they are about.

    Two findings match when their :attr:`~dime.Finding.ref` (code, area,
    pillar, layer, subject) is the same, whatever their messages and
    figures say; several findings with one reference match as many as
    there are on each side.

    Returns:
        The new findings with no match in ``old``; the old ones with no
        match in ``new``; the new ones that have a match.
    """
    left: dict[FindingRef, int] = {}
    for f in old:
        left[f.ref] = left.get(f.ref, 0) + 1
    appeared, persisting = [], []
    for f in new:
        if left.get(f.ref, 0):
            left[f.ref] -= 1
            persisting.append(f)
        else:
            appeared.append(f)
    resolved = []
    for f in reversed(old):
        if left.get(f.ref, 0):
            left[f.ref] -= 1
            resolved.append(f)
    resolved.reverse()
    return tuple(appeared), tuple(resolved), tuple(persisting)


@attrs.frozen(kw_only=True)
class Baseline:
    """A report's findings against those of an earlier state: what ``dime check --baseline`` gates on."""

    #: Where the earlier state came from.
    source: str
    #: The earlier state's digest.
    digest: str | None
    #: Findings with no match in the earlier state.
    appeared: tuple[Finding, ...]
    #: Findings of the earlier state with no match now.
    resolved: tuple[Finding, ...]
    #: Findings that match one of the earlier state.
    persisting: tuple[Finding, ...]
    #: The severity that fails the gate, or None for never.
    fail_on: Severity | None

    @classmethod
    def of(cls, old: Report, new: Report, *, source: str) -> Baseline:
        """Compare ``new``'s findings with ``old``'s (see :func:`compare_findings`)."""
        appeared, resolved, persisting = compare_findings(old.findings, new.findings)
        return cls(
            source=source,
            digest=old.digest,
            appeared=appeared,
            resolved=resolved,
            persisting=persisting,
            fail_on=new.policy.fail_on,
        )

    @property
    def ok(self) -> bool:
        """No unwaived finding at or above ``fail_on`` appeared."""
        fail_on = self.fail_on
        return fail_on is None or not any(f.severity >= fail_on for f in self.appeared if f.gates)

    def to_data(self) -> dict[str, Any]:
        """The comparison as JSON data, findings named by their references."""
        return {
            "source": self.source,
            "digest": self.digest,
            "appeared": [f.ref.to_data() for f in self.appeared],
            "resolved": [f.ref.to_data() for f in self.resolved],
            "persisting": len(self.persisting),
        }

    def text(self) -> str:
        """The comparison in a few lines of text."""
        fail_on = "never" if self.fail_on is None else self.fail_on.value
        digest = "" if self.digest is None else f" ({self.digest[:19]})"
        lines = [
            (
                f"Against the baseline {self.source}{digest}: {len(self.appeared)} "
                f"appeared, {len(self.resolved)} resolved, {len(self.persisting)} persist."
            ),
            *(f"  appeared: {f.severity.value} {f.code}: {f.message}" for f in self.appeared),
            *(f"  resolved: {f.severity.value} {f.code}: {f.message}" for f in self.resolved),
            (
                f"Only findings that appeared count for --fail-on ({fail_on}): "
                f"{'passed' if self.ok else 'failed'}."
            ),
        ]
        return "\n".join(
            wrapped
            for line in lines
            for wrapped in textwrap.wrap(line, 100, subsequent_indent="    ")
        )


class Digests:
    """Two states' digests, computed together (see :func:`digests`) when first asked for."""

    __slots__ = ("_found", "_states")

    def __init__(
        self, old: Framework, new: Framework, same: Mapping[str, AbstractSet[str]]
    ) -> None:
        self._states: tuple[Framework, Framework, Mapping[str, AbstractSet[str]]] | None = (
            old,
            new,
            same,
        )
        self._found: tuple[str, str] | None = None

    @classmethod
    def known(cls, old: str, new: str) -> Digests:
        """Digests already computed."""
        made = cls.__new__(cls)
        made.__setstate__((old, new))
        return made

    def values(self) -> tuple[str, str]:
        """The old and the new state's digests."""
        if self._found is None:
            assert self._states is not None  # noqa: S101 - one or the other is always set
            self._found = digests(*self._states)
            self._states = None
        return self._found

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Digests) and self.values() == other.values()

    def __hash__(self) -> int:
        return hash(self.values())

    def __getstate__(self) -> tuple[str, str]:
        return self.values()

    def __setstate__(self, state: tuple[str, str]) -> None:
        self._states = None
        self._found = state


@attrs.frozen(kw_only=True, repr=False)
class Diff:
    """What changed between two states of an organisation's framework.

    Made by :func:`dime.diff`.  It holds the records added, removed and
    changed (by key, field by field; responsibilities and assessments, which
    have no key, by their whole value), the areas whose attention changed,
    and the findings that appeared, were resolved or persist (matched by
    code and what they are about, not by message), with both states'
    digests.  :meth:`apply` makes the new state from the old one.

    >>> import dime
    >>> old = dime.example()
    >>> tp = old.touchpoints[0]
    >>> new = old.replace(attrs.evolve(tp, name="New name"))
    >>> d = dime.diff(old, new)
    >>> [(c.kind, c.key == tp.id, [f.field for f in c.fields]) for c in d.changed]
    [('touchpoints', True, ['name'])]
    >>> d.apply(old) == new
    True
    >>> dime.diff(old, old).empty
    True
    """

    #: The organisation's name in the old state.
    old_name: str
    #: Its name in the new state.
    new_name: str
    #: The moment the old state was checked at (its latest record, as :func:`dime.check` does).
    old_now: datetime
    #: The moment the new state was checked at.
    new_now: datetime
    #: The framework's own fields that changed (its name, its metadata).
    framework: tuple[FieldChange, ...]
    #: Records only the new state has, by kind, then key.
    added: tuple[Any, ...]
    #: Records only the old state has, by kind, then key.
    removed: tuple[Any, ...]
    #: Records kept under the same key with fields changed, by kind, then key.
    changed: tuple[RecordChange, ...]
    #: Areas whose status or share of their layer changed, in grid order.
    attention: tuple[AttentionChange, ...]
    #: The overall evenness in the old state (None: no data).
    old_evenness: float | None
    #: The overall evenness in the new state.
    new_evenness: float | None
    #: Findings of the new state with no match in the old one.
    appeared: tuple[Finding, ...]
    #: Findings of the old state with no match in the new one.
    resolved: tuple[Finding, ...]
    #: Findings of the new state that match one of the old state.
    persisting: tuple[Finding, ...]
    #: The policy both states were checked with.
    policy: Policy
    #: The old state's report.
    old_report: Report = attrs.field(eq=False)
    #: The new state's report.
    new_report: Report = attrs.field(eq=False)
    #: Both states' digests, computed when first asked for.
    _digests: Digests = attrs.field(alias="digests", repr=False)

    @property
    def old_digest(self) -> str:
        """The digest of the old state (see :func:`dime.digest`), computed when first asked for."""
        return self._digests.values()[0]

    @property
    def new_digest(self) -> str:
        """The digest of the new state, computed when first asked for."""
        return self._digests.values()[1]

    @property
    def records_changed(self) -> bool:
        """Whether any record, or the framework's own fields, differ."""
        return bool(self.framework or self.added or self.removed or self.changed)

    @property
    def empty(self) -> bool:
        """Whether nothing changed: records, attention and findings alike."""
        return not (self.records_changed or self.attention or self.appeared or self.resolved) and (
            self.old_evenness == self.new_evenness
        )

    @property
    def ok(self) -> bool:
        """The gate: no unwaived finding at or above the policy's ``fail_on`` appeared.

        Findings that persist from the old state do not count: old debt does
        not fail the gate, new debt does.
        """
        fail_on = self.policy.fail_on
        return fail_on is None or not any(f.severity >= fail_on for f in self.appeared if f.gates)

    def apply(self, framework: Framework) -> Framework:
        """Make the new state from ``framework``, the old one, by applying the record changes.

        Removed records go, changed ones are replaced where they stand, added
        ones go after those of their kind; the framework's own fields take
        their new values.  The result equals the new state up to the order
        of records (its :func:`~dime.digest` is the new state's).

        Args:
            framework: A framework in the state the diff starts from.

        Returns:
            The new framework.

        Raises:
            ConflictError: A record to remove or change is missing or
                different, or one to add is already there; every one is listed.
            InvalidFrameworkError: The result does not fit together (only
                when ``framework`` differs from the old state elsewhere).

        >>> import dime
        >>> old = dime.example()
        >>> new = old.remove(*old.feedback[:3])
        >>> dime.diff(old, new).apply(old) == new
        True
        """
        if not isinstance(framework, Framework):
            raise InvalidFieldError(
                [Problem("Diff.apply.framework", f"expected a Framework, {got(framework)}")]
            )
        problems: list[Problem] = []
        removed, added = _by_kind(self.removed), _by_kind(self.added)
        changed: dict[str, list[RecordChange]] = {}
        for c in self.changed:
            changed.setdefault(c.kind, []).append(c)
        records = {
            name: _applied(
                name,
                cls,
                getattr(framework, name),
                (removed.get(name, []), changed.get(name, []), added.get(name, [])),
                problems,
            )
            for name, cls in kinds().items()
        }
        fields = {}
        for change in self.framework:
            if not _same_value(getattr(framework, change.field), change.old):
                problems.append(
                    Problem(
                        f"framework.{change.field}",
                        f"expected {plain(change.old)!r} as the diff starts from, found "
                        f"{plain(getattr(framework, change.field))!r}",
                    )
                )
            fields[change.field] = change.new
        if problems:
            raise ConflictError(problems)
        changes: dict[str, Any] = {**fields, **records}
        return attrs.evolve(framework, **changes)

    def to_data(self) -> dict[str, Any]:
        """The diff as a JSON document, versioned with ``"dime_diff": 1``.

        Its schema ships with the package (``dime schema --diff`` prints it).

        >>> import dime, json
        >>> data = dime.diff(dime.example(), dime.example()).to_data()
        >>> data["dime_diff"], data["records"]["changed"], data["gate"]["passed"]
        (1, [], True)
        """
        fail_on = self.policy.fail_on
        return {
            "dime_diff": DIFF_VERSION,
            "old": _side(self.old_name, self.old_now, self.old_digest, self.old_evenness),
            "new": _side(self.new_name, self.new_now, self.new_digest, self.new_evenness),
            "framework": [c.to_data() for c in self.framework],
            "records": {
                "added": [_record_data(r) for r in self.added],
                "removed": [_record_data(r) for r in self.removed],
                "changed": [c.to_data() for c in self.changed],
            },
            "attention": [c.to_data() for c in self.attention],
            "findings": {
                "appeared": [f.to_data() for f in self.appeared],
                "resolved": [f.to_data() for f in self.resolved],
                "persisting": [f.to_data() for f in self.persisting],
            },
            "gate": {
                "fail_on": "never" if fail_on is None else fail_on.value,
                "passed": self.ok,
            },
        }

    @staticmethod
    def json_schema() -> dict[str, Any]:
        """The JSON Schema (Draft 2020-12) of the document :meth:`to_data` returns.

        Shipped with the package as ``dime/schema/dime-diff-1.schema.json``;
        ``dime schema --diff`` prints it.

        >>> import dime
        >>> dime.Diff.json_schema()["$id"]
        'urn:dime:schema:diff:1'
        """
        from dime._diff_schema import diff_schema  # noqa: PLC0415 - only when asked

        return diff_schema()

    def __repr__(self) -> str:
        """A one-line summary.

        >>> import dime
        >>> dime.diff(dime.example(), dime.example())
        Diff(name='Larkspur Home & Garden', added=0, removed=0, changed=0, attention=0, appeared=0, resolved=0, persisting=26)
        """
        name = (
            self.new_name
            if self.old_name == self.new_name
            else f"{self.old_name} -> {self.new_name}"
        )
        return (
            f"Diff(name={name!r}, added={len(self.added)}, removed={len(self.removed)}, "
            f"changed={len(self.changed)}, attention={len(self.attention)}, "
            f"appeared={len(self.appeared)}, resolved={len(self.resolved)}, "
            f"persisting={len(self.persisting)})"
        )

    def __str__(self) -> str:
        """The diff as text: what changed, record by record, area by area, finding by finding."""
        from dime._diff_render import diff_text  # noqa: PLC0415 - rendering loads only when shown

        return diff_text(self)

    def _repr_markdown_(self) -> str:
        """The diff as Markdown."""
        from dime._diff_render import diff_markdown  # noqa: PLC0415 - rendering loads only when shown

        return diff_markdown(self)


_GONE: Final = object()


def _by_kind(records: Sequence[Any]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for r in records:
        out.setdefault(kind_of(r), []).append(r)
    return out


def _applied_by_value(
    name: str, cls: type[Any], current: Sequence[Any], removed: list[Any], problems: list[Problem]
) -> tuple[Any, ...]:
    """Records without a key, less those removed, each matched by its whole value."""
    items: list[Any] = list(current)
    write = record_text(cls)
    at: dict[str, list[int]] = {}
    for i, r in enumerate(items):
        at.setdefault(write(r), []).append(i)
    for r in removed:
        found = at.get(write(r))
        if found:
            items[found.pop()] = _GONE
        else:
            problems.append(Problem(name, f"the record to remove is not there: {r!r}"))
    return tuple(r for r in items if r is not _GONE)


def _applied(
    name: str,
    cls: type[Any],
    current: Sequence[Any],
    plan: tuple[list[Any], list[RecordChange], list[Any]],
    problems: list[Problem],
) -> tuple[Any, ...]:
    """One kind's records with the diff's removals, changes and additions, or problems."""
    removed, changed, added = plan
    key = key_of(cls)
    if key is None:
        return _applied_by_value(name, cls, current, removed, problems) + tuple(added)
    items: list[Any] = list(current)
    same = record_same(cls)
    index = {getattr(r, key): i for i, r in enumerate(items)}
    for r in removed:
        i = index.get(getattr(r, key))
        where = f"{name}[{getattr(r, key)!r}]"
        if i is None or items[i] is _GONE:
            problems.append(Problem(where, "the record to remove is not there"))
        elif not same(items[i], r):
            problems.append(Problem(where, "the record to remove differs from the diff's"))
        else:
            items[i] = _GONE
    for c in changed:
        i = index.get(c.key)
        where = f"{name}[{c.key!r}]"
        if i is None or items[i] is _GONE:
            problems.append(Problem(where, "the record to change is not there"))
        elif not same(items[i], c.old):
            problems.append(Problem(where, "the record to change differs from the diff's old one"))
        else:
            items[i] = c.new
    problems.extend(
        Problem(f"{name}[{getattr(r, key)!r}]", "the record to add is already there")
        for r in added
        if getattr(r, key) in index
    )
    return tuple([r for r in items if r is not _GONE] + added)


def _side(name: str, now: datetime, digest: str, evenness: float | None) -> dict[str, Any]:
    return {"name": name, "now": now.isoformat(), "digest": digest, "evenness": evenness}


def read_framework(value: object, where: str) -> Framework:
    """A framework given as itself or as the path of a document (read, and migrated if older)."""
    if isinstance(value, Framework):
        return value
    if isinstance(value, (str, os.PathLike)):
        return load(value)
    raise InvalidFieldError(
        [Problem(where, f"expected a Framework or the path of a document, {got(value)}")]
    )


def _records_diff(
    old: Framework, new: Framework
) -> tuple[list[Any], list[Any], list[RecordChange], dict[str, set[str]]]:
    """Added, removed and changed records, and per kind the keys of the records that are the same."""
    added: list[Any] = []
    removed: list[Any] = []
    changed: list[RecordChange] = []
    same_keys: dict[str, set[str]] = {}
    for name, cls in kinds().items():
        olds, news = getattr(old, name), getattr(new, name)
        key = key_of(cls)
        if key is None:
            a, r = _unkeyed(cls, olds, news)
            added += a
            removed += r
            continue
        same = record_same(cls)
        by_key = {getattr(n, key): n for n in news}
        kept: set[str] = set()
        gone = []
        for o in olds:
            k = getattr(o, key)
            n = by_key.get(k)
            if n is None:
                gone.append(o)
            elif same(o, n):
                kept.add(k)
            else:
                fields = _field_changes(o, n)
                if fields:
                    changed.append(RecordChange(kind=name, key=k, old=o, new=n, fields=fields))
                else:
                    kept.add(k)
        old_keys = {getattr(o, key) for o in olds}
        # In the documents' own order: applying the diff then puts added records where the
        # new state has them, and both orders are as deterministic as the documents.
        removed += gone
        added += [n for n in news if getattr(n, key) not in old_keys]
        same_keys[name] = kept
    order = {name: i for i, name in enumerate(kinds())}
    changed.sort(key=lambda c: (order[c.kind], c.key))
    return added, removed, changed, same_keys


def _unkeyed(
    cls: type[Any], olds: Sequence[Any], news: Sequence[Any]
) -> tuple[list[Any], list[Any]]:
    """Records without a key, matched by their whole value, as multisets: (added, removed)."""
    write = record_text(cls)
    left: dict[str, list[Any]] = {}
    for o in olds:
        left.setdefault(write(o), []).append(o)
    added = []
    for n in news:
        text = write(n)
        if left.get(text):
            left[text].pop()
        else:
            added.append((text, n))
    removed = sorted((text, o) for text, items in left.items() for o in items)
    # Added in the new state's own order, as keyed records are: applying the diff then
    # puts them where the new state has them.
    return [n for _, n in added], [o for _, o in removed]


def _attention_changes(old: Report, new: Report) -> tuple[AttentionChange, ...]:
    return tuple(
        AttentionChange(area=a, old=old.attention[a], new=new.attention[a])
        for a in AREAS
        if old.attention[a].status is not new.attention[a].status
        or old.attention[a].share != new.attention[a].share
    )


def diff(old: object, new: object, *, policy: Policy | None = None) -> Diff:
    """What changed from ``old`` to ``new``: records, attention and findings.

    Both states are checked with ``policy``, each at its own latest record
    (as :func:`dime.check` does), and their findings compared by what they
    are about.  A path is read with :func:`dime.load`, which migrates older
    document versions, so documents of different versions compare as the
    frameworks they hold.

    Args:
        old: The earlier state: a :class:`~dime.Framework` or a document's path.
        new: The later state, likewise.
        policy: How to check both; ``Policy()`` by default.

    Returns:
        The diff.

    Raises:
        InvalidFieldError: An argument is of the wrong type.
        DimeFileError: A path cannot be read.
        InvalidDocumentError: A document is not valid.

    >>> import dime
    >>> old = dime.example()
    >>> new = old.remove(old.responsibilities[0])
    >>> d = dime.diff(old, new)
    >>> [type(r).__name__ for r in d.removed], d.added
    (['Responsibility'], ())
    >>> [f.code for f in d.appeared]
    ['DIME103']
    """
    chosen: Any = Policy() if policy is None else policy
    if not isinstance(chosen, Policy):
        raise InvalidFieldError([Problem("diff.policy", f"expected a Policy, {got(policy)}")])
    a = read_framework(old, "diff.old")
    b = read_framework(new, "diff.new")
    return diff_between(a, b, policy=chosen)


def diff_between(
    a: Framework,
    b: Framework,
    *,
    policy: Policy,
    reports: tuple[Report, Report] | None = None,
) -> Diff:
    """The diff of two frameworks, given their reports (with their digests) when they are known."""
    added, removed, changed, same_keys = _records_diff(a, b)
    if reports is None or reports[0].digest is None or reports[1].digest is None:
        # A whole pass over both states' records: made only when a digest is asked for.
        lazy = Digests(a, b, same_keys)
        old_report, new_report = check(a, policy=policy), check(b, policy=policy)
    else:
        old_report, new_report = reports
        lazy = Digests.known(str(old_report.digest), str(new_report.digest))
    appeared, resolved, persisting = compare_findings(old_report.findings, new_report.findings)
    return Diff(
        old_name=a.name,
        new_name=b.name,
        old_now=old_report.now,
        new_now=new_report.now,
        digests=lazy,
        framework=_field_changes_of_framework(a, b),
        added=tuple(added),
        removed=tuple(removed),
        changed=tuple(changed),
        attention=_attention_changes(old_report, new_report),
        old_evenness=old_report.evenness,
        new_evenness=new_report.evenness,
        appeared=appeared,
        resolved=resolved,
        persisting=persisting,
        policy=policy,
        old_report=old_report,
        new_report=new_report,
    )


def _field_changes_of_framework(old: Framework, new: Framework) -> tuple[FieldChange, ...]:
    held = kinds()
    return tuple(
        FieldChange(field=f.name, old=getattr(old, f.name), new=getattr(new, f.name))
        for f in attrs.fields(Framework)
        if f.init
        and f.name not in held
        and not _same_value(getattr(old, f.name), getattr(new, f.name))
    )
