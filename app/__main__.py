"""``readiness-advisor`` / ``python -m app``: start the desktop application."""

from __future__ import annotations

import multiprocessing
import sys


def main(argv: list[str] | None = None) -> int:
    multiprocessing.freeze_support()
    from app.system_check import missing_linux_packages

    missing = missing_linux_packages()
    if missing:
        print(
            "Readiness Advisor cannot start: Qt needs these system packages: "
            + ", ".join(missing)
            + "\n    sudo apt-get install -y "
            + " ".join(missing),
            file=sys.stderr,
        )
        return 1

    from PySide6.QtWidgets import QApplication

    from app.context import ApplicationContext, configure_logging
    from app.main_window import MainWindow
    from app.store import StoreError

    args = sys.argv[1:] if argv is None else argv
    configure_logging()
    app = QApplication.instance() or QApplication([sys.argv[0], *args])
    app.setApplicationName("Readiness Advisor")
    app.setOrganizationName("Readiness Advisor")
    context = ApplicationContext()
    window = MainWindow(context)
    try:
        context.store  # noqa: B018 - open and migrate now, so problems show at once
    except StoreError as exc:
        window.banner.show_message(str(exc), "error")
    window.show()
    paths = [a for a in args if not a.startswith("-")]
    if paths:
        window.open_repository(paths[0])
    else:
        window.offer_wizard_on_first_launch()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
