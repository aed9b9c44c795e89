# ruff: noqa: RUF003 - Russian text: Cyrillic letters are meant, not look-alikes
# Day and month in the genitive, as after a day number: "22 мая" (Django's Russian format
# gives the nominative, "22 Май"). Used by date ranges: "30 мая-2 июня 2017 г.". Other
# formats are Django's ("22 мая 2017 г.").
MONTH_DAY_FORMAT = "j E"
