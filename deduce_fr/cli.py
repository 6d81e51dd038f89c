"""Command line: ``deduce-fr evaluate CASES.json [--json]`` and ``deduce-fr annotate``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from deduce_fr.config import ConfigError
from deduce_fr.deidentifier import Deidentifier, load_config
from deduce_fr.evaluate import DEFAULT_CASES, evaluate, format_table, load_cases
from deduce_fr.lookups import resolve_path


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``deduce-fr`` console script."""
    parser = argparse.ArgumentParser(prog="deduce-fr", description="French de-identification")
    sub = parser.add_subparsers(dest="command", required=True)
    ev = sub.add_parser("evaluate", help="score the annotators on regression cases")
    ev.add_argument("cases", nargs="?", default=str(DEFAULT_CASES), help="case JSON file or folder")
    ev.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ev.add_argument("--config", default=None, help="annotator config YAML")
    ev.add_argument("--errors", action="store_true", help="also list the disagreements")
    ev.add_argument("--enable", action="append", default=[], metavar="NAME",
                    help="turn on an annotator that is off in the config (e.g. --enable ner)")
    ev.add_argument("--disable", action="append", default=[], metavar="NAME",
                    help="leave an annotator out (e.g. --disable learned: the rules alone)")
    ev.add_argument("--only", action="append", default=[], metavar="NAME",
                    help="run only these annotators (to measure one alone, e.g. --enable ner --only ner)")
    an = sub.add_parser("annotate", help="annotate text read from stdin, print spans as JSON")
    an.add_argument("--redact", action="store_true", help="print the redacted text instead")
    an.add_argument("--config", default=None, help="annotator config YAML")
    args = parser.parse_args(argv)
    try:
        deid = Deidentifier(config=_adjusted(args.config, getattr(args, "enable", []), getattr(args, "only", []),
                                             getattr(args, "disable", [])))
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.command == "evaluate":
        result = evaluate(load_cases(args.cases), deid)
        if args.json:
            data = result.to_dict()
            if not args.errors:
                data.pop("errors")
            print(json.dumps(data, ensure_ascii=False, indent=1))
        else:
            print(format_table(result))
            if args.errors:
                for err in result.errors:
                    print(json.dumps(err, ensure_ascii=False))
        return 0
    text = sys.stdin.read()
    if args.redact:
        print(deid.redact(text))
    else:
        print(json.dumps([s.to_dict() for s in deid.annotate(text).spans], ensure_ascii=False, indent=1))
    return 0


def _adjusted(config: str | None, enable: list[str], only: list[str],
              disable: list[str] = ()) -> str | dict | None:
    """The config, with some annotators switched on or off, or all but some removed (for measurements)."""
    if not enable and not only and not disable:
        return config
    cfg, _ = load_config(config)
    names = {a.get("name") for a in cfg["annotators"]}
    for name in (*enable, *only, *disable):
        if name not in names:
            raise ConfigError(f"no annotator named {name!r} in the config (one of {', '.join(sorted(names))})")
    for spec in cfg["annotators"]:
        if spec.get("name") in enable:
            spec["enabled"] = True
    if only:
        cfg["annotators"] = [a for a in cfg["annotators"] if a.get("name") in only]
    if disable:
        cfg["annotators"] = [a for a in cfg["annotators"] if a.get("name") not in disable]
    if config is not None:  # keep relative list names resolving next to the given file
        cfg["lookups"] = {k: [str(_resolve_name(v, config)) for v in ([vs] if isinstance(vs, str) else vs)]
                          for k, vs in cfg["lookups"].items()}
    return cfg


def _resolve_name(name: str, config: str) -> Path:
    return resolve_path(name, Path(config).resolve().parent)


if __name__ == "__main__":
    raise SystemExit(main())
