"""The portal's own date formats per language, on top of Django's (FORMAT_MODULE_PATH).

Templates name a format, `{{ value|date:"SHORT_DATETIME_FORMAT" }}`, instead of spelling one: a literal
"j M Y" title-cases the month in every language, so Dutch read "5 Dec 2025" where it writes "5 dec 2025".
"""
