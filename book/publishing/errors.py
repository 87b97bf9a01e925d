"""Errors the build reports to the user as a message, never as a traceback."""


class BuildError(Exception):
    """A build step failed; str(self) is the message for the user (Russian)."""

    def __init__(self, message_ru: str, message_en: str | None = None):
        super().__init__(message_ru)
        self.message_ru = message_ru
        self.message_en = message_en or message_ru

    def message(self, lang: str = "ru") -> str:
        return self.message_en if lang == "en" else self.message_ru
