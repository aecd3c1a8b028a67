"""argparse in the reader's language: help, usage and argparse's own error lines.

argparse writes its own words ("usage: ", "options", "the following arguments are required")
in English through gettext. Rather than installing a process-wide gettext translation, the
parser here renders those words from the catalogue: its formatter's usage prefix, its group
titles, its -h help and its error line; argparse's error sentences are recognised by their
(stable) English shape and rewritten, and any other sentence is shown as argparse wrote it.
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
from collections.abc import Iterable, Sequence
from typing import NoReturn

from zones.i18n import LANGUAGES, t

EXIT_USAGE = 2
LANG_FLAG = "--lang"
LANG_ENV = "ZONES_LANG"


class LocalisedFormatter(argparse.HelpFormatter):
    """The default help layout, with 'usage: ' in `lang`."""

    def __init__(self, prog: str, lang: str = "en", **kwargs: object) -> None:
        super().__init__(prog, **kwargs)  # type: ignore[arg-type]
        self.lang = lang

    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        prefix = t("cli.usage", self.lang) if prefix is None else prefix
        super().add_usage(usage, actions, groups, prefix)


class LocalisedParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are written in `lang` (its subparsers too)."""

    def __init__(self, *args: object, lang: str = "en", **kwargs: object) -> None:
        kwargs["formatter_class"] = functools.partial(LocalisedFormatter, lang=lang)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lang = lang
        self._positionals.title = t("cli.positional_arguments", lang)
        self._optionals.title = t("cli.options", lang)
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help=t("cli.help.help", lang))
        self.add_argument(LANG_FLAG, choices=tuple(LANGUAGES), default=argparse.SUPPRESS,
                          help=t("cli.help.lang", lang, env=LANG_ENV))

    def add_command(self, subcommands: argparse._SubParsersAction, name: str,
                    help_text: str) -> LocalisedParser:
        """A subcommand of this parser, in the same language."""
        return subcommands.add_parser(name, help=help_text, lang=self.lang)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        line = t("cli.argparse.error", self.lang, prog=self.prog,
                 message=argparse_message(message, self.lang))
        self.exit(EXIT_USAGE, line + "\n")


def argparse_message(message: str, lang: str) -> str:
    """One of argparse's English error sentences in `lang`; other text is returned as it is."""
    for pattern, key in (
        (r"the following arguments are required: (?P<names>.*)", "cli.argparse.required"),
        (r"unrecognized arguments: (?P<names>.*)", "cli.argparse.unrecognized"),
        (r"argument (?P<name>\S+): (?P<inner>.*)", "cli.argparse.argument"),
        (r"invalid choice: (?P<value>.*) \(choose from (?P<choices>.*)\)",
         "cli.argparse.invalid_choice"),
        (r"expected one argument", "cli.argparse.expected_one"),
        (r"expected at most one argument", "cli.argparse.expected_at_most_one"),
        (r"expected at least one argument", "cli.argparse.expected_at_least_one"),
        (r"expected (?P<n>\d+) arguments?", "cli.argparse.expected_n"),
        (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.*)",
         "cli.argparse.ambiguous"),
        (r"one of the arguments (?P<names>.*) is required", "cli.argparse.one_required"),
        (r"not allowed with argument (?P<name>.*)", "cli.argparse.not_allowed"),
        (r"invalid (?P<type>\S+) value: (?P<value>.*)", "cli.argparse.invalid_value"),
        (r"ignored explicit argument (?P<value>.*)", "cli.argparse.ignored_explicit"),
    ):
        match = re.fullmatch(pattern, message, re.DOTALL)
        if match:
            values = match.groupdict()
            if "inner" in values:
                values["inner"] = argparse_message(values["inner"], lang)
            return t(key, lang, **values)
    return message


def flag_language(argv: Iterable[str]) -> str | None:
    """The language given by --lang (read before the parser is built, so that its help is in
    that language); None when absent, unknown, or after `--`."""
    words: Sequence[str] = list(argv)
    for index, word in enumerate(words):
        if word == "--":
            return None
        if word == LANG_FLAG and index + 1 < len(words):
            value = words[index + 1]
        elif word.startswith(LANG_FLAG + "="):
            value = word.split("=", 1)[1]
        else:
            continue
        return value if value in LANGUAGES else None
    return None
