"""Command line: `python -m zones validate | summary | targets | export | find | import | …`.

Exit codes: 0 ok, 1 invalid data, 2 bad usage. Errors are printed as messages, never tracebacks.
Every message comes from the catalogue, in the language chosen by `--lang`, else
`ZONES_LANG`, else the locale (`LC_ALL`, `LANG`: vi* is Vietnamese), else English.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from zones.access import with_access
from zones.cli_args import EXIT_USAGE, LANG_ENV, LocalisedParser, flag_language
from zones.export import FORMATS, export_bytes
from zones.filters import UnknownProvince, ZoneFilter, apply_filter
from zones.formatting import format_number
from zones.geo import zones_geodataframe
from zones.i18n import LANGUAGES, Message, render, t
from zones.schema import KINDS, STATUSES
from zones.store import DATA_DIR_ENV, InvalidData, default_data_dir, load_dataset
from zones.summary import BY_CHOICES, summarise_provinces
from zones.validate import Report, check_data
from zones.versions import SaveRecord

EXIT_OK, EXIT_INVALID = 0, 1



class UsageError(Exception):
    """Bad usage; `message` says what to do, in any language."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(message.text("en"))


def choose_language(flag: str | None, environ: Mapping[str, str]) -> str:
    """--lang, else ZONES_LANG, else the locale (LC_ALL, then LANG: vi* → Vietnamese), else
    English. A ZONES_LANG that is not a known language is ignored."""
    if flag:
        return flag
    chosen = environ.get(LANG_ENV, "").strip().lower()
    if chosen in LANGUAGES:
        return chosen
    locale = environ.get("LC_ALL") or environ.get("LANG") or ""
    return "vi" if locale.lower().startswith("vi") else "en"


def _data_dir(args: argparse.Namespace) -> Path:
    data_dir = Path(args.data) if args.data else default_data_dir()
    if not data_dir.is_dir():
        raise UsageError(Message("cli.no_data_dir", {"path": str(data_dir), "env": DATA_DIR_ENV}))
    return data_dir


def _existing_file(name: str, outline: bool = False) -> Path:
    path = Path(name)
    if not path.is_file():
        params = {"path": str(path)}
        raise UsageError(Message("cli.outline_file_not_found", params) if outline
                         else Message("cli.file_not_found", params))
    return path


def print_report(report: Report, out=None, lang: str = "en") -> None:
    out = out or sys.stdout
    for problem in report.sorted():
        print(problem.text(lang), file=out)
    counts = {
        "errors": render("cli.n_errors", lang, n=len(report.errors)),
        "warnings": render("cli.n_warnings", lang, n=len(report.warnings)),
    }
    verdict = Message("cli.valid", counts) if report.ok else Message("cli.invalid", counts)
    print(verdict.text(lang), file=out)


def cmd_validate(args: argparse.Namespace) -> int:
    data_dir = _data_dir(args)
    if args.file:
        path = _existing_file(args.file)
        from zones.edits import EDITABLE_TABLES, check_upload

        table = EDITABLE_TABLES[args.table]
        checked = check_upload(data_dir, path.read_bytes(), path.name, table).checked
    else:
        checked = check_data(data_dir)
    if args.format == "json":
        print(
            json.dumps([p.as_dict(_lang(args)) for p in checked.report.sorted()],
                       ensure_ascii=False, indent=2)
        )
    else:
        print_report(checked.report, lang=_lang(args))
    return EXIT_OK if checked.report.ok else EXIT_INVALID


def cmd_summary(args: argparse.Namespace) -> int:
    dataset = load_dataset(_data_dir(args))
    table = summarise_provinces(dataset.zones, by=args.by)
    if args.format == "json":
        print(table.to_json(orient="records", force_ascii=False, indent=2))
    elif args.format == "csv":
        print(table.to_csv(index=False), end="")
    else:
        print(text_table(table, _lang(args)))
    return EXIT_OK


def text_table(table, lang: str) -> str:
    """A DataFrame as aligned text, its numbers written the way `lang` writes them."""
    numeric = table.select_dtypes("number").columns
    shown = table.astype(object)
    for column in numeric:
        shown[column] = [format_number(value, lang, decimals=1) for value in table[column]]
    return shown.to_string(index=False, justify="right")


def cmd_targets(args: argparse.Namespace) -> int:
    import csv
    import datetime as dt

    from zones.export import neutralise_formula
    from zones.targets import assess_targets, assessment_record, detail_frame, parse_as_of

    try:
        as_of = parse_as_of(args.as_of)
    except ValueError:
        raise UsageError(Message("cli.bad_as_of", {
            "value": args.as_of, "today": dt.date.today().isoformat()})) from None
    dataset = load_dataset(_data_dir(args))
    try:
        assessments = assess_targets(dataset, as_of, args.province)
    except UnknownProvince as error:
        raise UsageError(error.message) from None
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
        raise UsageError(error.message) from None
    gdf = with_access(zones_geodataframe(zones, dataset.outlines))
    with tempfile.TemporaryDirectory() as work_dir:
        data = export_bytes(gdf, args.format, Path(work_dir))
    out = Path(args.output)
    try:
        out.write_bytes(data)
    except OSError as error:
        raise UsageError(
            Message("cli.cannot_write", {"path": str(out), "reason": error.strerror})
        ) from None
    _say(Message("cli.wrote_zones", {"n": len(gdf), "path": str(out)}), args, sys.stderr)
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
    _say(Message("cli.wrote", {"path": str(path)}), args, sys.stderr)
    return EXIT_OK


def _user(args: argparse.Namespace) -> str:
    import getpass

    return args.user or os.environ.get("ZONES_USER") or getpass.getuser()


YES_ANSWERS = ("y", "yes", "c", "có", "co")
"""Answers that confirm, in English or Vietnamese ("c", "có")."""


def _confirm(question: Message, args: argparse.Namespace) -> bool:
    if not sys.stdin.isatty():
        return False
    question = question.text(_lang(args)) + " " + render("cli.yes_no", _lang(args)) + " "
    return input(question).strip().lower() in YES_ANSWERS


def _lang(args: argparse.Namespace) -> str:
    return getattr(args, "lang", None) or choose_language(None, os.environ)


def _say(message: Message, args: argparse.Namespace, out=None) -> None:
    print(message.text(_lang(args)), file=out or sys.stdout)


def _saved(save: Callable[[], SaveRecord], args: argparse.Namespace) -> SaveRecord | None:
    """Run a save; print why it was refused (every problem, or the reason) and return None."""
    from zones.edits import OutlineNeedsOverride
    from zones.versions import SaveError, ValidationFailed

    try:
        return save()
    except ValidationFailed as error:
        print_report(error.report, lang=_lang(args))
        _say(error.message, args)
    except OutlineNeedsOverride as error:
        for reason in error.reasons:
            _say(reason, args, sys.stderr)
        _say(error.message, args, sys.stderr)
        _say(Message("cli.force_hint"), args, sys.stderr)
    except SaveError as error:
        _error(error.message, args)
    return None


def _error(message: Message, args: argparse.Namespace) -> None:
    print(render("cli.error", _lang(args), text=message.text(_lang(args))), file=sys.stderr)


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
    path = _existing_file(args.file)
    table = EDITABLE_TABLES[args.table]
    candidate = check_upload(data_dir, path.read_bytes(), path.name, table)
    if not candidate.report.ok:
        print_report(candidate.report, lang=_lang(args))
        _say(Message("cli.nothing_changed"), args)
        return EXIT_INVALID
    for warning in candidate.report.warnings:
        print(warning.text(_lang(args)))
    if candidate.current_unreadable:
        _say(Message("save.current_unreadable", {"file": table.filename}), args)
    elif candidate.diff.is_empty:
        _say(Message("cli.file_unchanged", {"file": table.filename}), args)
        return EXIT_OK
    print("\n".join(candidate.diff.lines(table.key)))
    _say(candidate.diff.summary(), args)
    if not (args.yes or _confirm(Message("cli.confirm_apply"), args)):
        _say(Message("cli.rerun_to_apply"), args)
        return EXIT_OK
    record = _saved(lambda: save_table(data_dir, table, candidate.rows, candidate.base_version,
                                       _user(args), args.comment or "", action="import"), args)
    if record is None:
        return EXIT_INVALID
    _say(Message("cli.saved_version", {"version": record.version, "previous": record.previous}),
         args)
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
        _error(error.message, args)
        return EXIT_INVALID
    if change.is_empty:
        _say(NothingToSave(Message("save.nothing")).message, args)
        return EXIT_OK
    _say(Message("restore.preview", {"version": args.version}), args)
    _preview(change, args)
    if not (args.yes or _confirm(Message("cli.confirm_restore"), args)):
        _say(Message("cli.rerun_to_restore"), args)
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
        _error(error.message, args)
        return EXIT_INVALID
    _preview(change, args)
    if not (args.yes or _confirm(Message("cli.confirm_delete_outline"), args)):
        _say(Message("cli.rerun_to_delete"), args)
        return EXIT_OK
    record = _saved(lambda: delete_outline(data_dir, args.zone_id, _user(args),
                                           args.comment or ""), args)
    if record is None:
        return EXIT_INVALID
    _say(Message("cli.outline_deleted", {"zone_id": args.zone_id, "version": record.version}),
         args)
    return EXIT_OK


def _read_new_password(args: argparse.Namespace) -> str:
    import getpass

    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        raise UsageError(Message("cli.no_terminal"))
    first = getpass.getpass(render("cli.new_password", _lang(args)))
    if getpass.getpass(render("cli.repeat_password", _lang(args))) != first:
        raise UsageError(Message("cli.passwords_differ"))
    return first


def cmd_add_user(args: argparse.Namespace) -> int:
    from zones.auth import DEFAULT_SECRETS_PATH, UserError, add_user, validate_new_password

    path = Path(args.secrets) if args.secrets else DEFAULT_SECRETS_PATH
    try:
        password = validate_new_password(_read_new_password(args))
        created = add_user(args.name, password, path)
    except UserError as error:
        raise UsageError(error.message) from None
    params = {"name": args.name, "path": str(path)}
    _say(Message("cli.user_added", params) if created
         else Message("cli.user_password_changed", params), args)
    return EXIT_OK


def cmd_outline(args: argparse.Namespace) -> int:
    from zones.edits import save_outline
    from zones.outline_import import (
        OutlineImportError,
        check_candidate,
        decode_corner_file,
        read_corner_table,
        read_outline_file,
    )
    from zones.validate import Report

    data_dir = _recovered(_data_dir(args), args)
    dataset = load_dataset(data_dir)
    if args.zone_id not in set(dataset.zones["zone_id"]):
        raise UsageError(Message("cli.not_a_zone_id", {"zone_id": args.zone_id}))
    zone = dataset.zone(args.zone_id)
    path = _existing_file(args.file, outline=True)
    try:
        if path.suffix.lower() in (".txt", ".csv", ".tsv"):
            text = decode_corner_file(path.read_bytes(), path.name)
            candidate = read_corner_table(text, args.crs, province=zone["province"])
        else:
            candidate = read_outline_file(path.read_bytes(), path.name, args.crs)
    except OutlineImportError as error:
        _error(error.message, args)
        return EXIT_INVALID
    report = Report(check_candidate(candidate, zone.to_dict()))
    for note in candidate.notes:
        _say(Message("cli.note", {"text": note}), args)
    _say(Message("cli.outline_read", {"format": candidate.format_text(_lang(args)),
                                      "crs": candidate.source_crs,
                                      "area": format_number(candidate.area_ha, _lang(args))}),
         args)
    if not report.ok:
        print_report(report, lang=_lang(args))
        _say(Message("cli.nothing_changed"), args)
        return EXIT_INVALID
    for warning in report.warnings:
        print(warning.text(_lang(args)))
    if args.force and not (args.comment or "").strip():
        raise UsageError(Message("cli.force_needs_comment"))
    if not (args.yes or _confirm(Message("cli.confirm_save_outline"), args)):
        _say(Message("cli.rerun_to_save"), args)
        return EXIT_OK
    record = _saved(lambda: save_outline(data_dir, args.zone_id, candidate.geometry, _user(args),
                                         comment=args.comment or "", force=args.force), args)
    if record is None:
        return EXIT_INVALID
    _say(Message("cli.outline_saved", {"zone_id": args.zone_id, "version": record.version}),
         args)
    return EXIT_OK


def _data_option(parser: LocalisedParser) -> None:
    parser.add_argument("--data", help=t("cli.help.data", parser.lang, env=DATA_DIR_ENV))


def _province_option(parser: LocalisedParser) -> None:
    parser.add_argument("--province", action="append", help=t("cli.help.province", parser.lang))


def _saving_options(parser: LocalisedParser, yes_help: str) -> None:
    """--yes, --user and --comment of a command that saves a new version."""
    parser.add_argument("--yes", action="store_true", help=yes_help)
    parser.add_argument("--user", help=t("cli.help.user", parser.lang))
    parser.add_argument("--comment", help=t("cli.help.comment", parser.lang))


def _table_option(parser: LocalisedParser, help_text: str) -> None:
    parser.add_argument("--table", choices=("zones", "targets"), default="zones", help=help_text)


def build_parser(lang: str = "en") -> LocalisedParser:
    """The command line's parser, its help and argparse's own messages in `lang`."""
    parser = LocalisedParser(prog="python -m zones", description=t("cli.description", lang),
                             lang=lang)
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, help_text: str, handler: Callable[[argparse.Namespace], int]
                ) -> LocalisedParser:
        sub = parser.add_command(commands, name, help_text)
        sub.set_defaults(handler=handler)
        return sub

    validate = command("validate", t("cli.help.validate", lang), cmd_validate)
    validate.add_argument("file", nargs="?", help=t("cli.help.validate_file", lang))
    _data_option(validate)
    validate.add_argument("--format", choices=("text", "json"), default="text")
    _table_option(validate, t("cli.help.validate_table", lang))

    summary = command("summary", t("cli.help.summary", lang), cmd_summary)
    _data_option(summary)
    summary.add_argument("--by", choices=BY_CHOICES, default="province")
    summary.add_argument("--format", choices=("table", "json", "csv"), default="table")

    targets = command("targets", t("cli.help.targets", lang), cmd_targets)
    _province_option(targets)
    targets.add_argument("--as-of", help=t("cli.help.as_of", lang))
    targets.add_argument("--format", choices=("table", "json", "csv"), default="table")
    _data_option(targets)

    export = command("export", t("cli.help.export", lang), cmd_export)
    export.add_argument("--format", choices=FORMATS, required=True)
    export.add_argument("-o", "--output", required=True, help=t("cli.help.output", lang))
    _province_option(export)
    export.add_argument("--kind", action="append", choices=KINDS)
    export.add_argument("--status", action="append", choices=STATUSES)
    _data_option(export)

    find = command("find", t("cli.help.find", lang), cmd_find)
    find.add_argument("query")
    _data_option(find)

    imp = command("import", t("cli.help.import", lang), cmd_import)
    imp.add_argument("file")
    _data_option(imp)
    _table_option(imp, t("cli.help.import_table", lang))
    _saving_options(imp, t("cli.help.import_yes", lang))

    hist = command("history", t("cli.help.history", lang), cmd_history)
    _data_option(hist)

    res = command("restore", t("cli.help.restore", lang), cmd_restore)
    res.add_argument("version")
    _data_option(res)
    _saving_options(res, t("cli.help.restore_yes", lang))

    outline = command("outline", t("cli.help.outline", lang), cmd_outline)
    outline.add_argument("zone_id")
    outline.add_argument("file")
    outline.add_argument("--crs", help=t("cli.help.crs", lang))
    _data_option(outline)
    outline.add_argument("--force", action="store_true", help=t("cli.help.force", lang))
    _saving_options(outline, t("cli.help.outline_yes", lang))

    delete = command("delete-outline", t("cli.help.delete_outline", lang), cmd_delete_outline)
    delete.add_argument("zone_id")
    _data_option(delete)
    _saving_options(delete, t("cli.help.delete_yes", lang))

    add = command("add-user", t("cli.help.add_user", lang), cmd_add_user)
    add.add_argument("name", help=t("cli.help.user_name", lang))
    add.add_argument("--secrets", help=t("cli.help.secrets", lang))
    add.add_argument("--password-stdin", action="store_true",
                     help=t("cli.help.password_stdin", lang))

    docs = command("docs", t("cli.help.docs", lang), cmd_docs)
    docs.add_argument("-o", "--output", help=t("cli.help.docs_output", lang))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    lang = choose_language(flag_language(argv), os.environ)
    args = build_parser(lang).parse_args(argv)
    args.lang = lang
    try:
        return args.handler(args)
    except UsageError as error:
        _error(error.message, args)
        return EXIT_USAGE
    except BrokenPipeError:
        # the reader stopped early (`... | head`): not an error, and no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except InvalidData as error:
        print_report(error.report, sys.stderr, args.lang)
        _say(Message("cli.fix_then_validate"), args, sys.stderr)
        return EXIT_INVALID


if __name__ == "__main__":
    sys.exit(main())
