"""Command line: `python -m zones validate | summary | targets | export | find`.

Exit codes: 0 ok, 1 invalid data, 2 bad usage. Errors are printed as messages, never tracebacks.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from zones.access import with_access
from zones.export import FORMATS, export_bytes
from zones.filters import UnknownProvince, ZoneFilter, apply_filter
from zones.geo import zones_geodataframe
from zones.i18n import DEFAULT_LANGUAGE, LANGUAGES, Message
from zones.schema import KINDS, STATUSES
from zones.store import DATA_DIR_ENV, InvalidData, default_data_dir, load_dataset
from zones.summary import BY_CHOICES, summarise_provinces
from zones.validate import Report, check_data
from zones.versions import SaveRecord

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def _data_dir(args: argparse.Namespace) -> Path:
    data_dir = Path(args.data) if args.data else default_data_dir()
    if not data_dir.is_dir():
        raise UsageError(
            f"data folder {data_dir} does not exist. Fix: pass --data DIR or set "
            f"{DATA_DIR_ENV} to the folder that holds zones.csv."
        )
    return data_dir


def print_report(report: Report, out=None) -> None:
    out = out or sys.stdout
    for problem in report.sorted():
        print(problem, file=out)
    errors, warnings = len(report.errors), len(report.warnings)
    verdict = "valid" if report.ok else "invalid"
    print(f"{verdict}: {errors} error(s), {warnings} warning(s)", file=out)


def cmd_validate(args: argparse.Namespace) -> int:
    data_dir = _data_dir(args)
    if args.file:
        path = Path(args.file)
        if not path.is_file():
            raise UsageError(f"{path}: file not found. Fix: give the path of a CSV or XLSX file.")
        from zones.edits import EDITABLE_TABLES, check_upload

        table = EDITABLE_TABLES[args.table]
        checked = check_upload(data_dir, path.read_bytes(), path.name, table).checked
    else:
        checked = check_data(data_dir)
    if args.format == "json":
        print(
            json.dumps([p.as_dict() for p in checked.report.sorted()], ensure_ascii=False, indent=2)
        )
    else:
        print_report(checked.report)
    return EXIT_OK if checked.report.ok else EXIT_INVALID


def cmd_summary(args: argparse.Namespace) -> int:
    dataset = load_dataset(_data_dir(args))
    table = summarise_provinces(dataset.zones, by=args.by)
    if args.format == "json":
        print(table.to_json(orient="records", force_ascii=False, indent=2))
    elif args.format == "csv":
        print(table.to_csv(index=False), end="")
    else:
        print(table.to_string(index=False, float_format=lambda v: f"{v:,.1f}"))
    return EXIT_OK


def cmd_targets(args: argparse.Namespace) -> int:
    import csv
    import datetime as dt

    from zones.export import neutralise_formula
    from zones.targets import assess_targets, assessment_record, detail_frame, parse_as_of

    try:
        as_of = parse_as_of(args.as_of)
    except ValueError:
        raise UsageError(
            f"--as-of {args.as_of!r} is not a date. Fix: write it as YYYY-MM-DD, e.g. "
            f"{dt.date.today().isoformat()}."
        ) from None
    dataset = load_dataset(_data_dir(args))
    try:
        assessments = assess_targets(dataset, as_of, args.province)
    except UnknownProvince as error:
        raise UsageError(str(error)) from None
    records = [assessment_record(a) for a in assessments]
    if args.format == "json":
        print(json.dumps(records, ensure_ascii=False, indent=2))
    elif args.format == "csv":
        columns = list(records[0]) if records else ["target_id"]
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: neutralise_formula(v) for k, v in r.items()} for r in records)
    else:
        names = dict(zip(dataset.zones["zone_id"], dataset.zones["name"], strict=True))
        frame = detail_frame(assessments, args.lang, names)
        for (_, row), record in zip(frame.iterrows(), records, strict=True):
            print(f"{row['target_id']}  [{record['status']}]  {row['label']}")
            print(f"    {row['status_text']}")
            print(f"    {record['source_id']}: {row['reported_source']}")
            if record["zone_zones_total"] is not None:
                print(f"    {row['computed']}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    dataset = load_dataset(_data_dir(args))
    zone_filter = ZoneFilter(
        provinces=tuple(args.province or ()),
        kinds=tuple(args.kind or ()),
        statuses=tuple(args.status or ()),
    )
    try:
        zones = apply_filter(dataset.zones, zone_filter, dataset.provinces)
    except UnknownProvince as error:
        raise UsageError(str(error)) from None
    gdf = with_access(zones_geodataframe(zones, dataset.outlines))
    with tempfile.TemporaryDirectory() as work_dir:
        data = export_bytes(gdf, args.format, Path(work_dir))
    out = Path(args.output)
    try:
        out.write_bytes(data)
    except OSError as error:
        raise UsageError(
            f"cannot write {out}: {error.strerror}. Fix: choose a writable path."
        ) from None
    print(f"wrote {len(gdf)} zone(s) to {out}", file=sys.stderr)
    return EXIT_OK


def cmd_find(args: argparse.Namespace) -> int:
    dataset = load_dataset(_data_dir(args))
    found = apply_filter(dataset.zones, ZoneFilter(query=args.query), dataset.provinces)
    for _, zone in found.iterrows():
        print(f"{zone['zone_id']}\t{zone['kind']}\t{zone['province']}\t{zone['name']}")
    return EXIT_OK if len(found) else EXIT_INVALID


def cmd_docs(args: argparse.Namespace) -> int:
    from zones.docs import DICTIONARY_PATH, write_data_dictionary

    path = write_data_dictionary(Path(args.output) if args.output else DICTIONARY_PATH)
    print(f"wrote {path}", file=sys.stderr)
    return EXIT_OK


def _user(args: argparse.Namespace) -> str:
    import getpass

    return args.user or os.environ.get("ZONES_USER") or getpass.getuser()


def _confirm(question: str) -> bool:
    if not sys.stdin.isatty():
        return False
    return input(f"{question} [y/N] ").strip().lower() in ("y", "yes")


def _lang(args: argparse.Namespace) -> str:
    return getattr(args, "lang", None) or "en"


def _say(message: Message, args: argparse.Namespace, out=None) -> None:
    print(message.text(_lang(args)), file=out or sys.stdout)


def _saved(save: Callable[[], SaveRecord], args: argparse.Namespace) -> SaveRecord | None:
    """Run a save; print why it was refused (every problem, or the reason) and return None."""
    from zones.edits import OutlineNeedsOverride
    from zones.versions import SaveError, ValidationFailed

    try:
        return save()
    except ValidationFailed as error:
        print_report(error.report)
        _say(error.message, args)
    except OutlineNeedsOverride as error:
        for reason in error.reasons:
            _say(reason, args, sys.stderr)
        _say(error.message, args, sys.stderr)
        print("Run again with --force --comment \"why\" to save it anyway.", file=sys.stderr)
    except SaveError as error:
        print(f"error: {error.message.text(_lang(args))}", file=sys.stderr)
    return None


def _recovered(data_dir: Path, args: argparse.Namespace) -> Path:
    """A save interrupted by a crash is finished or undone before a command reads the folder."""
    from zones.versions import recover_if_needed

    problem = recover_if_needed(data_dir)
    if problem is not None:
        _say(problem, args, sys.stderr)
    return data_dir


def cmd_import(args: argparse.Namespace) -> int:
    from zones.edits import EDITABLE_TABLES, check_upload, save_table

    data_dir = _recovered(_data_dir(args), args)
    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"{path}: file not found. Fix: give the path of a CSV or XLSX file.")
    table = EDITABLE_TABLES[args.table]
    candidate = check_upload(data_dir, path.read_bytes(), path.name, table)
    if not candidate.report.ok:
        print_report(candidate.report)
        print("Nothing was changed.")
        return EXIT_INVALID
    for warning in candidate.report.warnings:
        print(warning)
    if candidate.current_unreadable:
        _say(Message("save.current_unreadable", {"file": table.filename}), args)
    elif candidate.diff.is_empty:
        print(f"No changes: the file matches the current {table.filename}.")
        return EXIT_OK
    print("\n".join(candidate.diff.lines(table.key)))
    _say(candidate.diff.summary(), args)
    if not (args.yes or _confirm("Apply these changes?")):
        print("Nothing was changed. Run again with --yes to apply.")
        return EXIT_OK
    record = _saved(lambda: save_table(data_dir, table, candidate.rows, candidate.base_version,
                                       _user(args), args.comment or "", action="import"), args)
    if record is None:
        return EXIT_INVALID
    print(f"saved version {record.version} (previous {record.previous})")
    return EXIT_OK


def cmd_history(args: argparse.Namespace) -> int:
    from zones.edits import record_summary
    from zones.versions import read_log

    log = read_log(_recovered(_data_dir(args), args))
    if not log.records:
        _say(Message("history.none"), args)
    for record in log.records:
        comment = f"  “{record.comment}”" if record.comment else ""
        print(f"{record.version}  {record.time}  {record.user:<16} {record.action:<14} "
              f"{record_summary(record).text(_lang(args))}{comment}")
    if log.unreadable:
        _say(Message("history.unreadable", {"n": log.unreadable}), args, sys.stderr)
    return EXIT_OK


def _preview(change, args: argparse.Namespace) -> None:
    for summary in change.summaries():
        _say(summary, args)


def cmd_restore(args: argparse.Namespace) -> int:
    from zones.edits import restore, restore_preview
    from zones.versions import NothingToSave, SaveError

    data_dir = _recovered(_data_dir(args), args)
    try:
        change = restore_preview(data_dir, args.version)
    except SaveError as error:
        print(f"error: {error.message.text(_lang(args))}", file=sys.stderr)
        return EXIT_INVALID
    if change.is_empty:
        _say(NothingToSave(Message("save.nothing")).message, args)
        return EXIT_OK
    _say(Message("restore.preview", {"version": args.version}), args)
    _preview(change, args)
    if not (args.yes or _confirm("Restore this version?")):
        print("Nothing was changed. Run again with --yes to restore.")
        return EXIT_OK
    record = _saved(lambda: restore(data_dir, args.version, _user(args), args.comment or ""),
                    args)
    if record is None:
        return EXIT_INVALID
    _say(Message("restored", {"old": args.version, "version": record.version}), args)
    return EXIT_OK


def cmd_delete_outline(args: argparse.Namespace) -> int:
    from zones.edits import delete_outline, delete_outline_preview
    from zones.versions import SaveError

    data_dir = _recovered(_data_dir(args), args)
    try:
        change = delete_outline_preview(data_dir, args.zone_id)
    except SaveError as error:
        print(f"error: {error.message.text(_lang(args))}", file=sys.stderr)
        return EXIT_INVALID
    _preview(change, args)
    if not (args.yes or _confirm("Delete this outline?")):
        print("Nothing was changed. Run again with --yes to delete it.")
        return EXIT_OK
    record = _saved(lambda: delete_outline(data_dir, args.zone_id, _user(args),
                                           args.comment or ""), args)
    if record is None:
        return EXIT_INVALID
    print(f"deleted the outline of {args.zone_id} (version {record.version})")
    return EXIT_OK


def _read_new_password(args: argparse.Namespace) -> str:
    import getpass

    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        raise UsageError("no terminal to ask for the password. Fix: pipe it in with "
                         "--password-stdin.")
    first = getpass.getpass("New password: ")
    if getpass.getpass("Repeat it: ") != first:
        raise UsageError("the two passwords differ. Fix: run the command again.")
    return first


def cmd_add_user(args: argparse.Namespace) -> int:
    from zones.auth import DEFAULT_SECRETS_PATH, UserError, add_user, validate_new_password

    path = Path(args.secrets) if args.secrets else DEFAULT_SECRETS_PATH
    try:
        password = validate_new_password(_read_new_password(args))
        created = add_user(args.name, password, path)
    except UserError as error:
        raise UsageError(str(error)) from None
    print(f"{'added' if created else 'changed the password of'} {args.name} in {path}")
    return EXIT_OK


def cmd_outline(args: argparse.Namespace) -> int:
    from zones.edits import save_outline
    from zones.outline_import import (
        OutlineImportError,
        check_candidate,
        read_corner_table,
        read_outline_file,
    )
    from zones.validate import Report

    data_dir = _recovered(_data_dir(args), args)
    dataset = load_dataset(data_dir)
    if args.zone_id not in set(dataset.zones["zone_id"]):
        raise UsageError(f"'{args.zone_id}' is not a zone_id. Fix: find it with "
                         "`python -m zones find NAME`.")
    zone = dataset.zone(args.zone_id)
    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"{path}: file not found. Fix: give the outline file or corner table.")
    try:
        if path.suffix.lower() in (".txt", ".csv", ".tsv"):
            candidate = read_corner_table(path.read_text(encoding="utf-8-sig"), args.crs,
                                          province=zone["province"])
        else:
            candidate = read_outline_file(path.read_bytes(), path.name, args.crs)
    except OutlineImportError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INVALID
    report = Report(check_candidate(candidate, zone.to_dict()))
    for note in candidate.notes:
        print(f"note: {note}")
    print(f"{candidate.source_format}, {candidate.source_crs}, {candidate.area_ha:,.1f} ha")
    if not report.ok:
        print_report(report)
        print("Nothing was changed.")
        return EXIT_INVALID
    for warning in report.warnings:
        print(warning)
    if args.force and not (args.comment or "").strip():
        raise UsageError("--force needs --comment \"why\": the reason is kept in the change log")
    if not (args.yes or _confirm("Save this outline?")):
        print("Nothing was changed. Run again with --yes to save.")
        return EXIT_OK
    record = _saved(lambda: save_outline(data_dir, args.zone_id, candidate.geometry, _user(args),
                                         comment=args.comment or "", force=args.force), args)
    if record is None:
        return EXIT_INVALID
    print(f"saved outline of {args.zone_id} as version {record.version}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m zones", description="Vietnam industrial zones: check, summarise, export."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    data_help = f"data folder (default: ${DATA_DIR_ENV} or the bundled data/)"

    validate = commands.add_parser("validate", help="check the data, or FILE as a new zones.csv")
    validate.add_argument("file", nargs="?", help="candidate zones table (CSV or XLSX)")
    validate.add_argument("--data", help=data_help)
    validate.add_argument("--format", choices=("text", "json"), default="text")
    validate.add_argument("--table", choices=("zones", "targets"), default="zones",
                          help="which table FILE is checked as (default: zones)")
    validate.set_defaults(handler=cmd_validate)

    summary = commands.add_parser("summary", help="zones, area and fill by province")
    summary.add_argument("--data", help=data_help)
    summary.add_argument("--by", choices=BY_CHOICES, default="province")
    summary.add_argument("--format", choices=("table", "json", "csv"), default="table")
    summary.set_defaults(handler=cmd_summary)

    targets = commands.add_parser(
        "targets", help="every target with its status on a date and the figures behind it")
    targets.add_argument(
        "--province", action="append", help="old or post-2025 province name (repeatable)"
    )
    targets.add_argument("--as-of", help="assess on this date, YYYY-MM-DD (default: today)")
    targets.add_argument("--format", choices=("table", "json", "csv"), default="table")
    targets.add_argument("--lang", choices=tuple(LANGUAGES), default=DEFAULT_LANGUAGE,
                         help="language of the table (default: vi)")
    targets.add_argument("--data", help=data_help)
    targets.set_defaults(handler=cmd_targets)

    export = commands.add_parser("export", help="export zones as GeoJSON, CSV or GeoPackage")
    export.add_argument("--format", choices=FORMATS, required=True)
    export.add_argument("-o", "--output", required=True, help="output file")
    export.add_argument(
        "--province", action="append", help="old or post-2025 province name (repeatable)"
    )
    export.add_argument("--kind", action="append", choices=KINDS)
    export.add_argument("--status", action="append", choices=STATUSES)
    export.add_argument("--data", help=data_help)
    export.set_defaults(handler=cmd_export)

    find = commands.add_parser("find", help="find zones by name, ignoring diacritics")
    find.add_argument("query")
    find.add_argument("--data", help=data_help)
    find.set_defaults(handler=cmd_find)
    user_help = "who is saving (default: $ZONES_USER or your login name)"
    imp = commands.add_parser("import", help="validate a CSV/XLSX, show the diff, apply it")
    imp.add_argument("file")
    imp.add_argument("--data", help=data_help)
    imp.add_argument("--yes", action="store_true", help="apply without asking")
    imp.add_argument("--table", choices=("zones", "targets"), default="zones",
                     help="which table FILE replaces (default: zones)")
    imp.add_argument("--user", help=user_help)
    imp.add_argument("--comment", help="note for the change log")
    imp.set_defaults(handler=cmd_import)

    hist = commands.add_parser("history", help="list saved versions, newest first")
    hist.add_argument("--data", help=data_help)
    hist.set_defaults(handler=cmd_history)

    res = commands.add_parser("restore", help="make an earlier version of the whole data "
                                               "folder current (preview, confirm, logged)")
    res.add_argument("version")
    res.add_argument("--data", help=data_help)
    res.add_argument("--yes", action="store_true", help="restore without asking")
    res.add_argument("--user", help=user_help)
    res.add_argument("--comment", help="note for the change log")
    res.set_defaults(handler=cmd_restore)

    outline = commands.add_parser(
        "outline", help="check and save a zone outline (GeoJSON, KML, GPKG, zipped SHP, or a "
                        "VN-2000 corner table in a .txt file)")
    outline.add_argument("zone_id")
    outline.add_argument("file")
    outline.add_argument("--crs", help="EPSG code or VN-2000 zone, e.g. EPSG:9217, 108-15, UTM 48")
    outline.add_argument("--data", help=data_help)
    outline.add_argument("--yes", action="store_true", help="save without asking")
    outline.add_argument("--force", action="store_true",
                         help="save an outline far from the zone's point or area (needs "
                              "--comment with the reason)")
    outline.add_argument("--user", help=user_help)
    outline.add_argument("--comment", help="note for the change log")
    outline.set_defaults(handler=cmd_outline)

    delete = commands.add_parser("delete-outline", help="delete a zone's outline (preview, "
                                                        "confirm, logged)")
    delete.add_argument("zone_id")
    delete.add_argument("--data", help=data_help)
    delete.add_argument("--yes", action="store_true", help="delete without asking")
    delete.add_argument("--user", help=user_help)
    delete.add_argument("--comment", help="note for the change log")
    delete.set_defaults(handler=cmd_delete_outline)

    add = commands.add_parser("add-user", help="create a staff account (or reset a password)")
    add.add_argument("name", help="user name: a-z, 0-9, '.', '_' or '-'")
    add.add_argument("--secrets", help="secrets file (default: .streamlit/secrets.toml)")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from standard input instead of asking")
    add.set_defaults(handler=cmd_add_user)

    docs = commands.add_parser("docs", help="write docs/data-dictionary.md from the schema")
    docs.add_argument("-o", "--output", help="where to write (default: docs/data-dictionary.md)")
    docs.set_defaults(handler=cmd_docs)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # the reader stopped early (`... | head`): not an error, and no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except InvalidData as error:
        print_report(error.report, sys.stderr)
        print("Fix the problems above, then run `python -m zones validate` again.", file=sys.stderr)
        return EXIT_INVALID


if __name__ == "__main__":
    sys.exit(main())
