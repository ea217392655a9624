"""The project's one JSON-LD writer: compacted JSON-LD from sorted canonical N-Triples.

The input is what a graph backend's ``nt_lines()`` returns: canonical
N-Triples lines (UTF-8 bytes) sorted by subject, predicate and object. The output uses the
project context (``ontology/context.jsonld``, published as ``context.jsonld``): short keys
(``members``, ``since``, ``role``), IRIs as compact IRIs (``state:FR``), values coerced to
``@id``, ``xsd:date`` or English where the context says so, ``@set`` containers as arrays.

It is a streaming writer, one subject at a time, so time grows linearly with the triples.
A value the key's term definition cannot hold (a ``pesco:since`` that is not an
``xsd:date``, say) is written under the compact IRI of its predicate as a value object,
so any JSON-LD 1.1 processor expands the document to exactly the input triples (tested
with pyld). Output is deterministic: nodes sorted by ``@id``, keys sorted, values in
N-Triples order.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib.resources import files
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any, BinaryIO

from .ordering import read_lines, sort_file, write_lines

__all__ = ["write_jsonld", "stream_jsonld", "load_context", "CONTEXT_FILE"]

CONTEXT_FILE = "context.jsonld"
#: Entries a cache of the writer (compacted IRIs, encoded values) holds before it starts
#: again: the values that repeat (predicates, states, roles, dates) come back at once.
CACHE_LIMIT = 50_000

_RDF_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER = re.compile(r"^(?:0|-?[1-9][0-9]{0,14})$")
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def load_context() -> dict[str, Any]:
    """The project context, as the ``@context`` value (a dict of prefixes and terms)."""
    text = (files("pesco_graph") / "ontology" / CONTEXT_FILE).read_text(encoding="utf-8")
    context: dict[str, Any] = json.loads(text)["@context"]
    return context


@dataclass(frozen=True)
class _Term:
    key: str
    coerce: str | None  # "@id", an expanded datatype IRI, or None
    language: str | None
    is_set: bool


def _unescape(text: str) -> str:
    def repl(match: re.Match[str]) -> str:
        code = match.group(1) or match.group(2)
        return chr(int(code, 16)) if code else _ECHAR[match.group(3)]

    return _ESCAPE.sub(repl, text)


class _Compactor:
    """Compact IRIs and terms of one context; caches its answers (IRIs repeat)."""

    def __init__(self, context: dict[str, Any]) -> None:
        self.prefixes: dict[str, str] = {}
        for name, value in context.items():
            if isinstance(value, str) and not name.startswith("@") and value.endswith(("/", "#")):
                self.prefixes[value] = name
        self.terms: dict[bytes, _Term] = {}
        for name, value in sorted(context.items()):
            if not isinstance(value, dict) or name.startswith("@"):
                continue
            iri = self.expand(value["@id"])
            coerce = value.get("@type")
            if coerce is not None and coerce != "@id":
                coerce = self.expand(coerce)
            term = _Term(name, coerce, value.get("@language"), value.get("@container") == "@set")
            self.terms.setdefault(b"<" + iri.encode("utf-8") + b">", term)
        self.cache: dict[bytes, str] = {}
        self.namespaces: dict[str, tuple[str | None, int]] = {}
        # a namespace has at most `depth` delimiters, so the IRI up to its depth-th / or # is
        # all the longest-namespace search needs: IRIs that share it share the answer
        depth = max((ns.count("/") + ns.count("#") for ns in self.prefixes), default=1)
        self.head = re.compile("(?:[^/#]*[/#]){1," + str(depth) + "}")

    def expand(self, value: str) -> str:
        prefix, sep, rest = value.partition(":")
        if sep and not rest.startswith("//"):
            for namespace, name in self.prefixes.items():
                if name == prefix:
                    return namespace + rest
        return value

    def _longest(self, namespace: str) -> tuple[str | None, int]:
        """(prefix name, length) of the longest namespace of the context that ``namespace``
        (an IRI up to a / or #) starts with, cut at a / or #; (None, 0) if none. Every
        shorter namespace walked through is remembered too (participations share them)."""
        walked: list[str] = []
        cut = len(namespace)
        found: tuple[str | None, int] = (None, 0)
        while cut > 0:
            candidate = namespace[:cut]
            known = self.namespaces.get(candidate)
            if known is not None:
                found = known
                break
            walked.append(candidate)
            name = self.prefixes.get(candidate)
            if name is not None:
                found = (name, cut)
                break
            cut = max(namespace.rfind("/", 0, cut - 1), namespace.rfind("#", 0, cut - 1)) + 1
        for candidate in walked:
            self.namespaces[candidate] = found
        return found

    def iri(self, token: bytes) -> str:
        """A compact IRI (or the IRI, or the blank node label) of an N-Triples term."""
        hit = self.cache.get(token)
        if hit is not None:
            return hit
        if token.startswith(b"_:"):
            out = token.decode("utf-8")
        else:
            iri = token[1:-1].decode("utf-8")
            if "\\" in iri:
                iri = _unescape(iri)
            head = self.head.match(iri)
            key = head.group() if head is not None else ""
            found = self.namespaces.get(key)
            if found is None:
                found = self._longest(key)
            name, length = found
            out = iri if name is None or iri.startswith("//", length) else f"{name}:{iri[length:]}"
        if len(self.cache) >= CACHE_LIMIT:  # bounded: a large graph's IRIs would fill memory
            self.cache.clear()
        self.cache[token] = out
        return out


def _literal(token: bytes) -> tuple[str, str | None, str | None]:
    """(lexical form, datatype IRI or None, language or None) of an N-Triples literal."""
    end = token.rfind(b'"')
    lexical = token[1:end].decode("utf-8")
    if "\\" in lexical:
        lexical = _unescape(lexical)
    tail = token[end + 1:]
    if tail.startswith(b"@"):
        return lexical, None, tail[1:].decode("ascii")
    if tail.startswith(b"^^"):
        return lexical, tail[3:-1].decode("utf-8"), None
    return lexical, None, None


def _value(token: bytes, term: _Term | None, comp: _Compactor) -> str:
    """The JSON text of one object under ``term`` (None: a key without a term definition).

    A value the term's coercion does not fit is written as an explicit value object or node
    reference, which expansion never coerces."""
    if not token.startswith(b'"'):
        iri = encode_basestring(comp.iri(token))
        return iri if term is not None and term.coerce == "@id" else '{"@id": ' + iri + "}"
    lexical, datatype, language = _literal(token)
    text = encode_basestring(lexical)
    if term is not None:
        if term.language is not None and language == term.language:
            return text
        if term.coerce not in (None, "@id") and datatype == term.coerce:
            return text
    bare = term is None or (term.coerce is None and term.language is None)
    if language is not None:
        return '{"@language": ' + encode_basestring(language) + ', "@value": ' + text + "}"
    if datatype is None or datatype == _XSD + "string":
        return text if bare else '{"@value": ' + text + "}"
    if bare and datatype == _XSD + "integer" and _INTEGER.match(lexical):
        return lexical
    if bare and datatype == _XSD + "boolean" and lexical in ("true", "false"):
        return lexical
    dt = encode_basestring(comp.iri(b"<" + datatype.encode("utf-8") + b">"))
    return '{"@type": ' + dt + ', "@value": ' + text + "}"


class _Keys:
    """Per predicate: its key (JSON-encoded), its term and the JSON text of the values already seen (IRIs
    and short literals repeat: states, roles, dates), so each distinct value is encoded once."""

    def __init__(self, comp: _Compactor) -> None:
        self.comp = comp
        self.info: dict[bytes, tuple[str, _Term | None, dict[bytes, str]]] = {}

    def get(self, predicate: bytes) -> tuple[str, _Term | None, dict[bytes, str]]:
        found = self.info.get(predicate)
        if found is None:
            if predicate == _RDF_TYPE:
                found = ('"@type"', None, {})
            else:
                term = self.comp.terms.get(predicate)
                key = term.key if term is not None else self.comp.iri(predicate)
                found = (encode_basestring(key), term, {})
            self.info[predicate] = found
        return found


def _finish(node_id: str, entries: dict[str, list[str]], sets: set[str]) -> str:
    members = [f"{key}: {values[0]}" if len(values) == 1 and key not in sets
               else f"{key}: [\n        " + ",\n        ".join(values) + "\n      ]"
               for key, values in sorted(entries.items())]  # keys are JSON-encoded already
    return '    {\n      "@id": ' + encode_basestring(node_id) + ",\n      " + ",\n      ".join(members) \
        + "\n    }"


def _nodes(nt_lines: Iterable[bytes], comp: _Compactor) -> Iterator[tuple[str, str]]:
    """(compact @id, JSON text) of every subject, in one pass over the lines."""
    keys = _Keys(comp)
    info = keys.info
    subject: bytes | None = None
    entries: dict[str, list[str]] = {}
    sets: set[str] = set()
    for line in nt_lines:
        s, predicate, rest = line.split(b" ", 2)
        if s != subject:
            if subject is not None:
                node_id = comp.iri(subject)
                yield node_id, _finish(node_id, entries, sets)
            subject, entries, sets = s, {}, set()
        obj = rest[:-2]
        found = info.get(predicate)
        key, term, seen = found if found is not None else keys.get(predicate)
        text = seen.get(obj)
        if text is None:
            if key == '"@type"':
                if obj.startswith(b'"'):  # a literal type: not an @type, a plain property
                    key, term, seen = encode_basestring(comp.iri(predicate)), None, {}
                    text = _value(obj, None, comp)
                else:
                    text = encode_basestring(comp.iri(obj))
            else:
                text = _value(obj, term, comp)
            if len(obj) < 120:
                if len(seen) >= CACHE_LIMIT:
                    seen.clear()
                seen[obj] = text
        values = entries.get(key)
        if values is None:
            entries[key] = [text]
            if term is not None and term.is_set:
                sets.add(key)
        else:
            values.append(text)
    if subject is not None:
        node_id = comp.iri(subject)
        yield node_id, _finish(node_id, entries, sets)


def _head(ctx: dict[str, Any]) -> str:
    return '{\n  "@context": ' + json.dumps(ctx, indent=2, sort_keys=True, ensure_ascii=False).replace(
        "\n", "\n  ") + ',\n  "@graph": [\n'


_TAIL = "\n  ]\n}\n"


def write_jsonld(nt_lines: Iterable[bytes], context: dict[str, Any] | None = None) -> bytes:
    """Compacted JSON-LD of sorted canonical N-Triples lines, with the project context.

    ``context`` is a ``@context`` value (a dict); the default is :func:`load_context`. The
    document embeds it, so it reads without fetching anything.

    >>> doc = write_jsonld([b'<https://w3id.org/pesco-kg/participation/x/FR/member> '
    ...                     b'<https://w3id.org/pesco-kg/ontology#since> '
    ...                     b'"2018-03-06"^^<http://www.w3.org/2001/XMLSchema#date> .'])
    >>> '"since": "2018-03-06"' in doc.decode()
    True
    """
    ctx = load_context() if context is None else context
    nodes = list(_nodes(nt_lines, _Compactor(ctx)))
    # N-Triples subject order and compact @id order can differ: sort by @id
    nodes.sort(key=lambda node: node[0])
    return (_head(ctx) + ",\n".join([text for _, text in nodes]) + _TAIL).encode("utf-8")


def stream_jsonld(nt_lines: Iterable[bytes], out: BinaryIO, context: dict[str, Any] | None = None) -> None:
    """:func:`write_jsonld` of ``nt_lines`` written to ``out`` in bounded memory: the nodes
    go to a temporary file as one line each (``@id``, a tab, the node's JSON with its line
    ends as ``\\x01``, which JSON text never holds raw), are sorted there by ``@id``, stably,
    and are written out in that order."""
    ctx = load_context() if context is None else context
    with tempfile.TemporaryDirectory(prefix=".pesco-jsonld-") as work:
        records, ordered = Path(work) / "nodes", Path(work) / "sorted"
        with open(records, "wb") as handle:
            write_lines(((node_id + "\t" + text.replace("\n", "\x01")).encode("utf-8")
                         for node_id, text in _nodes(nt_lines, _Compactor(ctx))), handle)
        sort_file(records, ordered, keys=("-s", "-t", "\t", "-k1,1"))
        records.unlink()
        out.write(_head(ctx).encode("utf-8"))
        first = True
        for line in read_lines(ordered):
            text = line.split(b"\t", 1)[1].replace(b"\x01", b"\n")
            out.write(text if first else b",\n" + text)
            first = False
        out.write(_TAIL.encode("utf-8"))
