# Dates as UN Arabic documents write them: "22 مايو 2017", day, month and year with Latin
# digits and no comma (Django's Arabic format has "22 مايو، 2017"). Other formats are
# Django's.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، H:i"
