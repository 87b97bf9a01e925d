"""Command line: `python -m book validate`, `python -m book build` and `python -m book preview`."""
import argparse
import sys


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m book", description="Отчёт о трудовых правах в Центральной Азии")
    sub = p.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="проверить таблицы data/")
    v.add_argument("--data", metavar="DIR", help="папка с таблицами (по умолчанию data/)")
    v.add_argument("--lang", choices=["ru", "en"], default="ru", help="язык сообщений")

    b = sub.add_parser("build", help="проверить данные и собрать отчёт")
    b.add_argument("--year", type=int, help="год выпуска (по умолчанию последний)")
    b.add_argument("--data", metavar="DIR", help="папка с таблицами (по умолчанию data/)")
    b.add_argument("--out", metavar="DIR", help="куда собирать (по умолчанию _build/)")
    b.add_argument("--format", choices=["html", "pdf", "all"], default="html")
    b.add_argument("--chapter", metavar="SLUG", help="пересобрать только эту главу")
    b.add_argument("--jobs", type=int, help="сколько глав выполнять параллельно (по умолчанию: число ядер)")
    b.add_argument("--force", action="store_true", help="выполнить все главы заново, без кэша")
    b.add_argument("--lang", choices=["ru", "en"], default="ru", help="язык выпуска (и сообщений): ru или en")

    w = sub.add_parser("preview", help="собрать отчёт, показать его в браузере и пересобирать при каждом сохранении")
    w.add_argument("--year", type=int, help="год выпуска (по умолчанию последний)")
    w.add_argument("--lang", choices=["ru", "en"], default="ru", help="язык выпуска и сообщений")
    w.add_argument("--data", metavar="DIR", help="папка с таблицами (по умолчанию data/)")
    w.add_argument("--out", metavar="DIR", help="куда собирать (по умолчанию _build/preview/)")
    w.add_argument("--port", type=int, default=8000, help="порт на 127.0.0.1 (по умолчанию 8000; 0 — любой свободный)")
    u = sub.add_parser("publish", help="собрать все выпуски на обоих языках (сайт и PDF) в одну публикацию")
    u.add_argument("--data", metavar="DIR", help="папка с таблицами (по умолчанию data/)")
    u.add_argument("--out", metavar="DIR", help="куда собирать (по умолчанию _build/; сайт — в OUT/site/)")
    u.add_argument("--base-url", metavar="URL", help="адрес, по которому сайт будет опубликован (канонические ссылки, sitemap)")
    u.add_argument("--jobs", type=int, help="сколько выпусков собирать одновременно (по умолчанию: число ядер)")
    u.add_argument("--force", action="store_true", help="выполнить все главы заново, без кэша")
    return p


def main(argv=None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse: wrong usage
        return 2 if exc.code else 0
    if args.command == "validate":
        from book.data.validate import run_cli
        return run_cli(data_dir=args.data, lang=args.lang)
    if args.command == "publish":
        from book.publishing.publish import run_cli
        return run_cli(args)
    if args.command == "build":
        from book.publishing.pipeline import run_cli
        return run_cli(args)
    if args.command == "preview":
        from book.publishing.preview import run_cli
        return run_cli(args)
    return 2


if __name__ == "__main__":
    sys.exit(main())
