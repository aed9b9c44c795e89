"""Path converters shared by the apps' URLs: a language code and a document format."""

from __future__ import annotations

from django.urls import register_converter


class LangConverter:
    # A Django language code: "en", or with a script as in "zh-hans" (Chinese, simplified).
    regex = "[a-z]{2}(?:-[a-z]{4})?"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class FormatConverter:
    regex = "docx|pdf|html"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LangConverter, "lang")
register_converter(FormatConverter, "fmt")
