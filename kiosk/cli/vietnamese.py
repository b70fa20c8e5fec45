"""click in Vietnamese: help headings, the help option, and usage errors as one Vietnamese line.

click writes its own words ("Usage:", "Options:", "[required]", "No such command …") in English;
every `langso` command and group is built from the two classes here, so `--help` and a mistyped
command line read in Vietnamese from the top command down.
"""

from __future__ import annotations

import difflib
import re

import click

from kiosk.cli.errors import UserError

HELP_OPTION_HELP = "Hiện trợ giúp này rồi thoát."


def _param_name(param: click.Parameter | None) -> str:
    if param is None:
        return "tham số"
    if isinstance(param, click.Option) and param.opts:
        return max(param.opts, key=len)  # --layout rather than -l
    return param.human_readable_name


def _range(kind: click.IntRange) -> str:
    low, high = kind.min, kind.max
    if low is not None and high is not None:
        return f"phải là số nguyên từ {low} đến {high}"
    if low is not None:
        return f"phải là số nguyên từ {low} trở lên"
    return f"phải là số nguyên không quá {high}"


def _reason(param: click.Parameter | None) -> str:
    """Why a value was refused, from the parameter's type (click's own reason is English)."""
    kind = param.type if param is not None else None
    if isinstance(kind, click.IntRange):
        return _range(kind)
    if isinstance(kind, click.types.IntParamType):
        return "phải là số nguyên"
    if isinstance(kind, click.Choice):
        return "phải là một trong: " + ", ".join(map(str, kind.choices))
    if isinstance(kind, click.Path):
        what = "thư mục" if not kind.file_okay else "tệp" if not kind.dir_okay else "tệp hoặc thư mục"
        return f"không có {what} đó, hoặc không dùng được"
    return "giá trị không hợp lệ"


def one_line(error: click.UsageError) -> UserError:
    """The Vietnamese one-line error for a command line click could not parse."""
    if isinstance(error, click.MissingParameter):
        return UserError(f"Thiếu {_param_name(error.param)} (xem --help).")
    if isinstance(error, click.NoSuchOption):
        return UserError(f"Không có tùy chọn {error.option_name} (xem --help).")
    if isinstance(error, click.BadOptionUsage):
        return UserError(f"Tùy chọn {error.option_name} cần một giá trị (xem --help).")
    if isinstance(error, click.BadParameter):
        return UserError(f"{_param_name(error.param)}: {_reason(error.param)} (xem --help).")
    # What is left is click's "Got unexpected extra argument(s) (…)": name them, in Vietnamese.
    extra = re.fullmatch(r"Got unexpected extra arguments? \((.*)\)", error.message.strip())
    what = f"thừa đối số {extra.group(1)}" if extra else "thừa đối số hoặc sai thứ tự"
    return UserError(f"Dòng lệnh không hợp lệ: {what} (xem --help).")


def _help_record(param: click.Parameter, ctx: click.Context) -> tuple[str, str] | None:
    """click's help line for an option, with its bracketed notes in Vietnamese."""
    if not isinstance(param, click.Option) or param.hidden:
        return None
    extra = param.get_help_extra(ctx)
    notes = []
    if "default" in extra:
        notes.append(f"mặc định: {extra['default']}")
    if "range" in extra:
        notes.append(extra["range"])
    if "required" in extra:
        notes.append("bắt buộc")
    text = param.help or ""
    if notes:
        text = f"{text}  [{'; '.join(notes)}]" if text else f"[{'; '.join(notes)}]"
    return param.get_help_spec(ctx), text


class _VietnameseHelp:
    """Help pages and usage errors in Vietnamese; mixed into click.Command and click.Group."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", "[TÙY CHỌN]")
        super().__init__(*args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc]
        except click.exceptions.NoArgsIsHelpError:
            raise  # `langso print` alone: its help, as click prints it
        except click.UsageError as error:
            raise one_line(error) from None

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION_HELP
        return option

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), "Cách dùng: ")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [row for p in self.get_params(ctx)  # type: ignore[attr-defined]
                if (row := _help_record(p, ctx)) is not None]
        if rows:
            with formatter.section("Tùy chọn"):
                formatter.write_dl(rows)


class OneLineCommand(_VietnameseHelp, click.Command):
    """A `langso` command: Vietnamese help; a bad command line is one Vietnamese line, exit 2."""


class CommandGroup(_VietnameseHelp, click.Group):
    """A group of `langso` commands (`langso` itself, `langso print`), all in Vietnamese."""

    command_class = OneLineCommand
    group_class = type  # subgroups are CommandGroups too

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("subcommand_metavar", "LỆNH [ĐỐI SỐ]...")
        super().__init__(*args, **kwargs)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError:
            name = args[0] if args else ""
            close = difflib.get_close_matches(name, self.list_commands(ctx), n=1)
            hint = f" Có phải {close[0]!r}?" if close else ""
            raise UserError(f"Không có lệnh {name!r} (xem {ctx.command_path} --help).{hint}") from None

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = [n for n in self.list_commands(ctx)
                 if (cmd := self.get_command(ctx, n)) is not None and not cmd.hidden]
        if not names:
            return
        limit = formatter.width - 6 - max(map(len, names))
        rows = [(n, self.commands[n].get_short_help_str(limit)) for n in names]
        with formatter.section("Lệnh"):
            formatter.write_dl(rows)
