#!/usr/bin/env python3
"""Generates lib/cmd/command_docs.inc from Redis's command specs: COMMAND DOCS's data,
and the tips and key specs COMMAND INFO shows.

Usage: python3 lib/cmd/gen_command_docs.py [SPEC_DIR]

SPEC_DIR holds Redis 7.0's src/commands/*.json (default /work/shared/redis-commands).
Only the commands the table has are kept: their names are read from the rows
of lib/families/*.cpp (`{"name", arity, ...}`, subcommands as "container|name").
Run it again after adding a command; command_docs_test fails until then.
"""

import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
FAMILIES = HERE.parent / "families"
OUTPUT = HERE / "command_docs.inc"
DEFAULT_SPECS = pathlib.Path("/work/shared/redis-commands")

ARG_TYPES = {
    "string": "string",
    "integer": "integer",
    "double": "double_number",
    "key": "key",
    "pattern": "pattern",
    "unix-time": "unix_time",
    "pure-token": "pure_token",
    "oneof": "oneof",
    "block": "block",
}
ARG_FLAGS = [("optional", "kArgOptional"), ("multiple", "kArgMultiple"), ("multiple_token", "kArgMultipleToken")]
DOC_FLAGS = {"DEPRECATED": "kDocDeprecated", "SYSCMD": "kDocSyscmd"}
# Key spec flags as the specs spell them, with KeySpecFlag's names.
KEY_SPEC_FLAGS = {"RO": "kKeyRo", "RW": "kKeyRw", "OW": "kKeyOw", "RM": "kKeyRm", "ACCESS": "kKeyAccess",
                  "UPDATE": "kKeyUpdate", "INSERT": "kKeyInsert", "DELETE": "kKeyDelete", "NOT_KEY": "kKeyNotKey",
                  "INCOMPLETE": "kKeyIncomplete", "VARIABLE_FLAGS": "kKeyVariableFlags"}
KEY_SPEC_KEYS = {"notes", "flags", "begin_search", "find_keys"}
# Spec fields neither COMMAND DOCS nor the tips and key specs show (the table's, or the C function's).
IGNORED_COMMAND_KEYS = {"arity", "function", "get_keys_function", "command_flags", "acl_categories", "container"}
COMMAND_KEYS = {"summary", "since", "group", "complexity", "doc_flags", "deprecated_since", "replaced_by", "history",
                "arguments", "command_tips", "key_specs"} | IGNORED_COMMAND_KEYS
ARG_KEYS = {"name", "type", "key_spec_index", "token", "summary", "since", "deprecated_since", "optional", "multiple",
            "multiple_token", "arguments"}


def table_names():
    """The full names the families' rows declare."""
    row = re.compile(r'\{"([a-z][a-z0-9_-]*(?:\|[a-z0-9_-]+)?)",\s*-?\d+,')
    names = set()
    for source in sorted(FAMILIES.glob("*.cpp")):
        names.update(row.findall(source.read_text()))
    return names


def load_specs(spec_dir):
    """Every spec by full name ("get", "config|get")."""
    specs = {}
    for path in sorted(spec_dir.glob("*.json")):
        for name, spec in json.loads(path.read_text()).items():
            full = f"{spec['container'].lower()}|{name.lower()}" if "container" in spec else name.lower()
            specs[full] = spec
    return specs


def c_string(s):
    if s == "":
        sys.exit("an empty string in a spec would read as absent")
    out = []
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif 32 <= ord(ch) < 127:
            out.append(ch)
        else:
            out.extend(f"\\{b:03o}" for b in ch.encode())  # octal escapes end after 3 digits
    return '"' + "".join(out) + '"'


class Writer:
    def __init__(self):
        self.arrays = []  # definitions, each before its first use
        self.names = {}  # body -> name: identical lists are defined once

    def array(self, type_name, prefix, items):
        if not items:
            return None
        body = "".join(f"    {item},\n" for item in items)
        if (type_name, body) not in self.names:
            name = f"{prefix}{len(self.names) + 1}"
            self.names[(type_name, body)] = name
            self.arrays.append(f"constexpr {type_name} {name}[] = {{\n{body}}};\n")
        return self.names[(type_name, body)]

    def arguments(self, args, where):
        items = []
        for arg in args:
            unknown = set(arg) - ARG_KEYS
            if unknown:
                sys.exit(f"{where}: argument field(s) {sorted(unknown)} unknown to this generator")
            # As Redis's generate-command-code.py: names in lower case, tokens in upper case.
            fields = [f".name = {c_string(arg['name'].lower())}", f".type = ArgType::{ARG_TYPES[arg['type']]}"]
            flags = [flag for key, flag in ARG_FLAGS if arg.get(key)]
            if flags:
                fields.append(".flags = " + " | ".join(flags))
            if "key_spec_index" in arg:
                fields.append(f".key_spec_index = {arg['key_spec_index']}")
            if arg.get("token"):
                fields.append(f".token = {c_string(arg['token'].upper())}")
            for key in ("summary", "since", "deprecated_since"):
                if key in arg:
                    fields.append(f".{key} = {c_string(arg[key])}")
            if arg["type"] in ("oneof", "block"):
                sub = self.arguments(arg.get("arguments", []), f"{where} {arg['name']}")
                if sub:
                    fields.append(f".arguments = {sub}")
            items.append("{" + ", ".join(fields) + "}")
        return self.array("ArgDoc", "kArgs", items)

    def key_specs(self, specs, where):
        items = []
        for spec in specs:
            unknown = set(spec) - KEY_SPEC_KEYS
            if unknown:
                sys.exit(f"{where}: key spec field(s) {sorted(unknown)} unknown to this generator")
            fields = []
            if "notes" in spec:
                fields.append(f".notes = {c_string(spec['notes'])}")
            if spec["flags"]:
                fields.append(".flags = " + " | ".join(KEY_SPEC_FLAGS[f] for f in spec["flags"]))
            # An empty begin_search or find_keys is Redis's "unknown" (the type's zero).
            begin, find = spec["begin_search"], spec["find_keys"]
            if "index" in begin:
                fields += [".begin = BeginSearch::index", f".index = {begin['index']['pos']}"]
            elif "keyword" in begin:
                fields += [".begin = BeginSearch::keyword", f".keyword = {c_string(begin['keyword']['keyword'])}",
                           f".startfrom = {begin['keyword']['startfrom']}"]
            elif begin and "unknown" not in begin:
                sys.exit(f"{where}: begin_search {begin} unknown to this generator")
            if "range" in find:
                r = find["range"]
                fields += [".find = FindKeys::range", f".lastkey = {r['lastkey']}", f".keystep = {r['step']}",
                           f".limit = {r['limit']}"]
            elif "keynum" in find:
                k = find["keynum"]
                fields += [".find = FindKeys::keynum", f".keynumidx = {k['keynumidx']}",
                           f".firstkey = {k['firstkey']}", f".keystep = {k['step']}"]
            elif find and "unknown" not in find:
                sys.exit(f"{where}: find_keys {find} unknown to this generator")
            items.append("{" + ", ".join(fields) + "}")
        return self.array("KeySpec", "kKeySpecs", items)

    def command(self, full, spec):
        unknown = set(spec) - COMMAND_KEYS
        if unknown:
            sys.exit(f"{full}: field(s) {sorted(unknown)} unknown to this generator")
        fields = [f".name = {c_string(full)}"]
        for key in ("summary", "since", "group", "complexity"):
            if key in spec:
                fields.append(f".{key} = {c_string(spec[key])}")
        if spec.get("doc_flags"):
            fields.append(".doc_flags = " + " | ".join(DOC_FLAGS[f] for f in spec["doc_flags"]))
        for key in ("deprecated_since", "replaced_by"):
            if key in spec:
                fields.append(f".{key} = {c_string(spec[key])}")
        history = self.array("HistoryEntry", "kHistory",
                             [f"{{{c_string(v)}, {c_string(c)}}}" for v, c in spec.get("history", [])])
        if history:
            fields.append(f".history = {history}")
        args = self.arguments(spec.get("arguments", []), full)
        if args:
            fields.append(f".arguments = {args}")
        # As Redis's generate-command-code.py: tips in lower case.
        tips = self.array("std::string_view", "kTips", [c_string(t.lower()) for t in spec.get("command_tips", [])])
        if tips:
            fields.append(f".tips = {tips}")
        key_specs = self.key_specs(spec.get("key_specs", []), full)
        if key_specs:
            fields.append(f".key_specs = {key_specs}")
        return "{" + ", ".join(fields) + "}"


def main():
    spec_dir = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SPECS
    specs = load_specs(spec_dir)
    if not specs:
        sys.exit(f"no command specs in {spec_dir}")
    names = sorted(table_names() & specs.keys())  # sorted: find_command_doc searches by halves
    writer = Writer()
    commands = [writer.command(name, specs[name]) for name in names]
    OUTPUT.write_text(
        "// Generated by lib/cmd/gen_command_docs.py from Redis 7.0's command specs\n"
        "// (src/commands/*.json); do not edit. Regenerate after adding a command:\n"
        "//   python3 lib/cmd/gen_command_docs.py [SPEC_DIR]\n"
        "// Included by command_docs.cpp only.\n\n"
        + "\n".join(writer.arrays)
        + "\n// By full name, sorted.\nconstexpr CommandDoc kCommandDocs[] = {\n"
        + "".join(f"    {c},\n" for c in commands)
        + "};\n")
    print(f"{OUTPUT}: {len(commands)} commands", file=sys.stderr)


if __name__ == "__main__":
    main()
